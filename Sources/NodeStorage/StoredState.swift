import Consensus
import GRDB

/// Reads the durable state back, checking every value: a missing single row means the value was
/// never written (its zero), anything else that this code could not have written is an error.
enum StoredState {
    static func hardState(_ db: Database) throws -> HardState {
        guard let row = try Row.fetchOne(db, sql: "SELECT term, vote, commit_index FROM raft_hard_state WHERE id = 0") else {
            return HardState()
        }
        return HardState(
            term: try Columns.quantity(row, 0, "hard state term"),
            vote: try Columns.optionalID(row, 1, "hard state vote"),
            commit: try Columns.quantity(row, 2, "commit index"))
    }

    static func snapshotFileName(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT file FROM raft_snapshot WHERE id = 0")
    }

    static func snapshotIndex(_ db: Database) throws -> LogIndex {
        // Read on every trim of compacted entries, so compiled once.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT idx FROM raft_snapshot WHERE id = 0")) else { return 0 }
        return try Columns.quantity(row, 0, "snapshot index")
    }

    /// Whether the stored snapshot was compacted without its data (no file, no bytes).
    static func snapshotLacksData(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT file IS NULL AND length(data) = 0 FROM raft_snapshot WHERE id = 0") ?? false
    }

    /// The stored snapshot, its data read by `readFile` when it lives in a file.
    static func snapshot(
        _ db: Database, options: StorageOptions, readFile: (SnapshotFile) throws -> [UInt8]
    ) throws -> Snapshot {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT idx, term, voters, learners, data, file, file_bytes FROM raft_snapshot WHERE id = 0")
        else { return .empty }
        let data: [UInt8]
        if let name = row[5] as String? {
            data = try readFile(SnapshotFile(name: name, bytes: Int(try Columns.int64(row, 6, "snapshot file size"))))
        } else {
            data = [UInt8](try Columns.blob(row, 4, "snapshot data", maxBytes: options.maxSnapshotBytes))
        }
        let idBytes = options.maxMembers * 8
        let voters = try MembershipCodec.decode(
            Columns.blob(row, 2, "snapshot voters", maxBytes: idBytes), what: "snapshot voters", maxMembers: options.maxMembers)
        let learners = try MembershipCodec.decode(
            Columns.blob(row, 3, "snapshot learners", maxBytes: idBytes), what: "snapshot learners",
            maxMembers: options.maxMembers)
        return Snapshot(
            index: try Columns.quantity(row, 0, "snapshot index"),
            term: try Columns.quantity(row, 1, "snapshot term"),
            membership: try MembershipCodec.membership(
                voters: voters, learners: learners, what: "snapshot membership", maxMembers: options.maxMembers),
            data: data)
    }

    /// The Raft state as `persist` left it, its parts read in the caller's one transaction.
    static func durable(_ db: Database, options: StorageOptions, readFile: (SnapshotFile) throws -> [UInt8]) throws -> DurableState {
        let snapshot = try snapshot(db, options: options, readFile: readFile)
        return DurableState(
            hardState: try hardState(db), snapshot: snapshot, entries: try entries(db, after: snapshot.index, options: options))
    }

    /// The entries after `snapshotIndex`: those it covers may still wait to be trimmed (see
    /// `NodeStore.trimCompactedEntries`).
    static func entries(_ db: Database, after snapshotIndex: LogIndex, options: StorageOptions) throws -> [Entry] {
        var entries: [Entry] = []
        let maxPayload = max(options.maxEntryBytes, (options.maxMembers + 1) * 8)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT idx, term, kind, payload FROM raft_log WHERE idx > ? ORDER BY idx",
            arguments: [try Columns.storable(snapshotIndex, "snapshot index")])
        while let row = try rows.next() {
            let index = try Columns.quantity(row, 0, "log index")
            let payload: EntryPayload
            do {
                payload = try PayloadCodec.decode(
                    kind: try Columns.int64(row, 2, "payload kind"),
                    bytes: try Columns.blob(row, 3, "payload", maxBytes: maxPayload),
                    options: options)
            } catch let error as CorruptData {
                throw CorruptData(reason: "log entry \(index): \(error.reason)")
            }
            entries.append(Entry(term: try Columns.quantity(row, 1, "term of entry \(index)"), index: index, payload: payload))
        }
        return entries
    }

    static func appliedIndex(_ db: Database) throws -> LogIndex {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT idx FROM raft_applied WHERE id = 0")) else { return 0 }
        return try Columns.quantity(row, 0, "applied index")
    }
}
