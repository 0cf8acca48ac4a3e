import GRDB
import NodeStorage

/// The answers to applied writes, stored by the log index that applied them and found by client
/// and request id through `LedgerIndex`: a retried write finds its first answer here instead of
/// being applied again. Part of the replicated state, so a new leader knows what the old one applied.
enum RequestLedger {
    /// A retry is recognised for this long after the first attempt, by the proposing leader's clock.
    static let retentionMs: Int64 = 60 * 60 * 1_000
    /// Forgetting is done every this many log indexes: on the same entries on every node, so the
    /// state stays identical everywhere.
    static let pruneEveryIndexes: UInt64 = 256

    /// A write applied earlier under the same client and request id.
    struct Earlier {
        var answer: StoredAnswer
        var index: UInt64
        /// `fingerprint(of:)` of its command; 0 for a row from before fingerprints were kept.
        var fingerprint: Int64

        /// A retry carries the same request; the same id on another write is a client's mistake
        /// that must not be answered with the first write's result.
        func isRetry(_ command: Command) -> Bool {
            fingerprint == 0 || fingerprint == RequestLedger.fingerprint(of: command)
        }
    }

    /// The row of `key`, if the ledger remembers it. The index only points; the row decides.
    static func earlier(_ key: LedgerIndex.Key, index: LedgerIndex, in db: Database) throws -> Earlier? {
        for candidate in index.candidates(key) {
            let statement = try db.cachedStatement(
                sql: "SELECT client, request_id, answer, request_fingerprint FROM client_requests WHERE applied_index = ?")
            let found = try RawRow.fetchOne(statement, in: db, binding: { $0.bind(Int64(candidate)) }) { row -> Earlier? in
                guard row.text(0) == key.client, row.text(1) == key.requestId else { return nil }
                return Earlier(answer: StoredAnswer(stored: row.blob(2), requestId: key.requestId), index: candidate, fingerprint: row.int64(3))
            }
            if let found = found ?? nil { return found }
        }
        return nil
    }

    static func record(_ command: Command, index: UInt64, answer: StoredAnswer, into ledger: inout LedgerIndex, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO client_requests (applied_index, client, request_id, at_ms, answer, request_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        try RawWrite.execute(statement, in: db) { row in
            row.bind(Int64(index))
            row.bind(command.client)
            row.bind(command.requestId)
            row.bind(command.atMs)
            row.bind(blob: answer.stored)
            row.bind(fingerprint(of: command))
        }
        ledger.insert(LedgerIndex.Key(client: command.client, requestId: command.requestId), at: index)
    }

    /// Rebuilds `ledger` from the table, in the order the writes were applied.
    static func rebuild(_ ledger: inout LedgerIndex, in db: Database) throws {
        ledger.removeAll()
        let rows = try Row.fetchCursor(db, sql: "SELECT applied_index, client, request_id FROM client_requests ORDER BY applied_index")
        while let row = try rows.next() {
            ledger.insert(LedgerIndex.Key(client: row[1], requestId: row[2]), at: UInt64(bitPattern: row[0] as Int64))
        }
    }

    static func fingerprint(of command: Command) -> Int64 {
        command.requestFingerprint ?? RequestFingerprint.of(command.action)
    }

    static func pruneIfDue(index: UInt64, nowMs: Int64, from ledger: inout LedgerIndex, in db: Database) throws {
        guard index % pruneEveryIndexes == 0 else { return }
        // Cached: compiling it anew each time was most of its cost, on every node, even when it
        // forgets nothing.
        let statement = try db.cachedStatement(
            sql: "DELETE FROM client_requests WHERE at_ms < ? RETURNING applied_index, client, request_id")
        let forgotten = try RawRow.fetchAll(statement, in: db, binding: { $0.bind(nowMs - retentionMs) }) { row in
            (index: UInt64(bitPattern: row.int64(0)), key: LedgerIndex.Key(client: row.text(1), requestId: row.text(2)))
        }
        for row in forgotten { ledger.remove(row.key, at: row.index) }
    }
}
