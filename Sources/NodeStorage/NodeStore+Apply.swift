import Consensus
import GRDB

extension NodeStore {
    /// Runs the application's changes for the entries up to `index` and records `index` as
    /// applied in the same transaction, so that after a crash the application state and the
    /// applied index always agree: the entries are applied exactly once. The applied index never
    /// goes back; asking for that throws and writes nothing. An error thrown by `body` rolls
    /// everything back and is rethrown as it is (SQLite's errors gain the file's name).
    /// Application tables must not use the `raft_` prefix.
    ///
    /// Without an fsync of its own: the entries it applies are durable in the log, so what a power
    /// loss takes is applied again at restart, and the WAL keeps the applied index and the
    /// application's tables together.
    @discardableResult
    public func apply<T>(upTo index: LogIndex, _ body: (Database) throws -> T) throws -> T {
        try apply(upTo: index, persisting: PersistWork(), body)
    }

    /// `persist(work)`, then `apply(upTo:_:)`, in one transaction when `work` needs no fsync (a
    /// new commit index alone, a `Ready` whose `mustSync` is false): one commit instead of two for
    /// every batch a node applies. Work that needs an fsync is persisted first, on its own.
    @discardableResult
    public func apply<T>(upTo index: LogIndex, persisting work: PersistWork, _ body: (Database) throws -> T) throws -> T {
        let encoded = try guarded {
            try EncodedWork(hardState: work.hardState, snapshot: nil, entries: work.entries, options: options)
        }
        var relaxed: EncodedWork? = encoded.isEmpty ? nil : encoded
        if work.snapshot != nil || relaxed.map(mustSync) == true {
            try persist(work)
            relaxed = nil
        }
        return try guarded {
            let stored = try Columns.storable(index, "applied index")
            return try relaxingSync { db in
                if let relaxed { try Self.write(relaxed, db) }
                let current = try StoredState.appliedIndex(db)
                guard index >= current else {
                    throw InvalidInput(reason: "applied index cannot go back from \(current) to \(index)")
                }
                let result = try body(db)
                try Tables.replaceApplied(stored, db)
                return result
            }
        }
    }

    /// Runs `body` in one transaction committed with `synchronous=NORMAL` (no fsync of its own),
    /// then sets the writer back to FULL; a failure to set it back ends the store's use.
    func relaxingSync<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            let result: T
            do {
                var value: T?
                try db.inTransaction {
                    value = try body(db)
                    return .commit
                }
                guard let value else { throw InvalidInput(reason: "the transaction ended without running its body") }
                result = value
            } catch {
                try db.execute(sql: "PRAGMA synchronous = FULL")
                throw error
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            relaxedCommits.withLock { $0 += 1 }
            return result
        }
    }

    /// The applied index on disk.
    public func appliedIndex() throws -> LogIndex {
        try guarded { try pool.read { try StoredState.appliedIndex($0) } }
    }

    /// Reads the application's tables and the applied index they reflect, in one read
    /// transaction: a snapshot taken while entries go on being applied knows its index.
    public func readWithAppliedIndex<T>(_ body: (Database) throws -> T) throws -> (appliedIndex: LogIndex, value: T) {
        try guarded { try pool.read { db in (try StoredState.appliedIndex(db), try body(db)) } }
    }

    /// Reads the application's tables from the last committed state, concurrently with writes.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try pool.read(body) }
    }
}
