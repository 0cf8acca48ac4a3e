import Foundation
import GRDB

/// The SQL of every write, each step of `DurableState`'s semantics as one statement.
enum Tables {
    // GRDB hands SQLite an empty `Data`'s base address, and SQLite binds a blob with a NULL pointer
    // as NULL, which NOT NULL refuses. Whether an empty `Data` has an address is up to Foundation
    // (it does on Linux today), so `coalesce` keeps empty payloads empty blobs on every platform.
    // A snapshot's `data` column stays empty: the bytes live in files now (see `SnapshotFile`).
    static func replaceSnapshot(_ snapshot: EncodedWork.Snapshot, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO raft_snapshot (id, idx, term, voters, learners, data, file, file_bytes)
                VALUES (0, ?, ?, coalesce(?, x''), coalesce(?, x''), x'', ?, ?)
                """,
            arguments: [snapshot.index, snapshot.term, snapshot.voters, snapshot.learners, snapshot.file?.name, snapshot.file?.bytes])
    }

    static func deleteAllEntries(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM raft_log")
    }

    static func deleteEntries(from index: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM raft_log WHERE idx >= ?").execute(arguments: [index])
    }

    static func deleteEntries(through index: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM raft_log WHERE idx <= ?").execute(arguments: [index])
    }

    static func insert(_ entries: [EncodedWork.Entry], _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO raft_log (idx, term, kind, payload) VALUES (?, ?, ?, coalesce(?, x''))")
        for entry in entries {
            try RawWrite.execute(statement, in: db) { row in
                row.bind(entry.index)
                row.bind(entry.term)
                row.bind(entry.kind)
                row.bind(blob: entry.payload)
            }
        }
    }

    static func replaceHardState(_ hardState: EncodedWork.HardState, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO raft_hard_state (id, term, vote, commit_index) VALUES (0, ?, ?, ?)"
        ).execute(arguments: [hardState.term, hardState.vote, hardState.commit])
    }

    static func replaceApplied(_ index: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO raft_applied (id, idx) VALUES (0, ?)")
            .execute(arguments: [index])
    }

    static func isEmpty(_ db: Database) throws -> Bool {
        let anyRow = try Row.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM raft_log) OR EXISTS (SELECT 1 FROM raft_hard_state)
                    OR EXISTS (SELECT 1 FROM raft_snapshot) OR EXISTS (SELECT 1 FROM raft_applied)
                """)
        guard let anyRow else { return true }
        return try Columns.int64(anyRow, 0, "emptiness check") == 0
    }
}
