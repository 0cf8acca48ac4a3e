import Consensus
import GRDB

extension NodeStore {
    /// Runs the application's changes for the entries up to `index` and records `index` as
    /// applied in the same transaction, so that after a crash the application state and the
    /// applied index always agree: the entries are applied exactly once. The applied index never
    /// goes back; asking for that throws and writes nothing. An error thrown by `body` rolls
    /// everything back and is rethrown as it is (SQLite's errors gain the file's name).
    /// Application tables must not use the `raft_` prefix.
    @discardableResult
    public func apply<T>(upTo index: LogIndex, _ body: (Database) throws -> T) throws -> T {
        try guarded {
            let stored = try Columns.storable(index, "applied index")
            return try pool.write { db in
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

    /// The applied index on disk.
    public func appliedIndex() throws -> LogIndex {
        try guarded { try pool.read { try StoredState.appliedIndex($0) } }
    }

    /// Reads the application's tables from the last committed state, concurrently with writes.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try pool.read(body) }
    }
}
