import Consensus
import Foundation
import GRDB

extension NodeStore {
    /// Makes `work` durable in one transaction, so one fsync however many entries it carries,
    /// with exactly `DurableState.apply`'s semantics: the snapshot replaces the whole log, then the
    /// entries replace every entry from the first one's index on, then the hard state. Either all
    /// of it is on disk when this returns or, after a throw or a crash, none of it.
    ///
    /// Work that changes only the commit index is written without an fsync of its own (etcd's
    /// `MustSync`): a lost commit index is learned again from the leader, and the next fsync makes
    /// it durable anyway, since the WAL survives a power loss only as a prefix.
    ///
    /// Returns how long the transaction took in microseconds, fsync included (also kept as
    /// `lastPersistMicroseconds`); nil when `work` held nothing to write.
    @discardableResult
    public func persist(_ work: PersistWork) throws -> UInt64? {
        try persist(group: [work])
    }

    /// `persist` of each work in turn, in one transaction: one fsync for works that queued behind
    /// another's (group commit on the storage thread). All of them are on disk when this returns,
    /// or none. A snapshot from the leader is persisted only on its own: a group with one and
    /// anything else is refused before anything is written.
    @discardableResult
    public func persist(group works: [PersistWork]) throws -> UInt64? {
        guard works.count == 1 || works.allSatisfy({ $0.snapshot == nil }) else {
            throw NodeStorageError(.invalidInput, path: path, message: "a snapshot is persisted alone, not in a group of \(works.count)")
        }
        // A snapshot from the leader: its file is durable before the row that names it.
        let snapshot = works.first?.snapshot
        let file = try snapshot.flatMap { $0.data.isEmpty ? nil : try writeSnapshotFile(index: $0.index, data: $0.data) }
        let encoded = try guarded {
            try works.map {
                try EncodedWork(hardState: $0.hardState, snapshot: $0.snapshot, snapshotFile: file, entries: $0.entries, options: options)
            }.filter { !$0.isEmpty }
        }
        guard !encoded.isEmpty else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        if encoded.contains(where: mustSync) {
            try guarded { try pool.write { db in for work in encoded { try Self.write(work, db) } } }
            if let hardState = encoded.last(where: { $0.hardState != nil })?.hardState {
                durableTermAndVote.withLock { $0 = (hardState.term, hardState.vote) }
            }
        } else {
            try guarded { try relaxingSync { db in for work in encoded { try Self.write(work, db) } } }
        }
        if snapshot != nil { removeSnapshotFiles(except: file?.name) }
        let elapsed = start.duration(to: clock.now)
        let micros = UInt64(elapsed.components.seconds) * 1_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000_000)
        lastPersist.withLock { $0 = micros }
        return micros
    }

    /// Stores a snapshot this node took of its own applied state, like `DurableState.compact(to:)`:
    /// a snapshot no newer than the stored one changes nothing, unless it brings the data of one
    /// compacted without (empty data: the state is this database's). Returns whether it was stored.
    /// `file` is its data written already by `writeSnapshotFile` (on another thread, say); without
    /// one it is written here. The entries it covers are no longer loaded; `trimCompactedEntries`
    /// deletes them a slice at a time.
    @discardableResult
    public func saveSnapshot(_ snapshot: Snapshot, file given: SnapshotFile? = nil) throws -> Bool {
        let file = try given ?? (snapshot.data.isEmpty ? nil : writeSnapshotFile(index: snapshot.index, data: snapshot.data))
        let stored = try guarded {
            if let file { try checkSnapshotFile(file) }
            let encoded = try EncodedWork.encode(snapshot, file: file, options: options)
            return try pool.write { db in
                let storedIndex = try StoredState.snapshotIndex(db)
                // The same index again only brings the data of a snapshot compacted without it.
                let bringsData = try snapshot.index == storedIndex && file != nil && StoredState.snapshotLacksData(db)
                guard snapshot.index > storedIndex || bringsData else { return false }
                try Tables.replaceSnapshot(encoded, db)
                return true
            }
        }
        if stored || file != nil { removeSnapshotFiles(except: try guarded { try pool.read(StoredState.snapshotFileName) }) }
        return stored
    }

    /// Deletes at most `maxCount` of the log entries the stored snapshot covers, oldest first, and
    /// returns whether any are left. Deleting all hundred thousand of a snapshot in the transaction
    /// that stores it held the writer, and so the node's loop, for 150 ms; 512 take about 1 ms.
    /// No fsync: a trim a power loss undoes is done again.
    @discardableResult
    public func trimCompactedEntries(maxCount: Int) throws -> Bool {
        try guarded { try relaxingSync { db in try Self.trimCompactedEntries(maxCount: maxCount, db) } }
    }

    /// The same, in a transaction the caller holds: an apply's (`apply(upTo:_:)`), which then
    /// needs no transaction, no commit and no statements of its own for it.
    public func trimCompactedEntries(maxCount: Int, in db: Database) throws -> Bool {
        try guarded { try Self.trimCompactedEntries(maxCount: maxCount, db) }
    }

    private static func trimCompactedEntries(maxCount: Int, _ db: Database) throws -> Bool {
        precondition(maxCount > 0, "a trim deletes at least one entry")
        let snapshotIndex = try Columns.storable(try StoredState.snapshotIndex(db), "snapshot index")
        guard let first = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(idx) FROM raft_log")), first <= snapshotIndex else {
            return false
        }
        let last = min(snapshotIndex, first + Int64(maxCount) - 1)
        try Tables.deleteEntries(through: last, db)
        return last < snapshotIndex
    }

    /// Writes `DurableState.bootstrap(voters:)` if and only if the file holds no Raft state at all,
    /// so that every start of a founding node may call it. Returns whether it wrote.
    @discardableResult
    public func bootstrapIfEmpty(voters: [NodeID]) throws -> Bool {
        guard !voters.isEmpty, !voters.contains(0) else {
            throw NodeStorageError(.invalidInput, path: path, message: "bootstrap voters \(voters) must be non-empty and non-zero")
        }
        let state = DurableState.bootstrap(voters: voters)
        return try guarded {
            let encoded = try EncodedWork(hardState: state.hardState, snapshot: nil, entries: state.entries, options: options)
            return try pool.write { db in
                guard try Tables.isEmpty(db) else { return false }
                try Self.write(encoded, db)
                return true
            }
        }
    }

    func mustSync(_ encoded: EncodedWork) -> Bool {
        guard encoded.snapshot == nil, encoded.entries.isEmpty, let hardState = encoded.hardState else { return true }
        let durable = durableTermAndVote.withLock { $0 }
        return durable?.term != hardState.term || durable?.vote != hardState.vote
    }

    static func write(_ encoded: EncodedWork, _ db: Database) throws {
        if let snapshot = encoded.snapshot {
            try Tables.replaceSnapshot(snapshot, db)
            try Tables.deleteAllEntries(db)
        }
        if let first = encoded.entries.first {
            try Tables.deleteEntries(from: first.index, db)
            try Tables.insert(encoded.entries, db)
        }
        if let hardState = encoded.hardState {
            try Tables.replaceHardState(hardState, db)
        }
    }
}
