import GRDB
import NodeStorage

/// The answers to applied writes, by client and request id: a retried write finds its first
/// answer here instead of being applied again. Part of the replicated state, so a new leader
/// knows what the old one applied.
enum RequestLedger {
    /// A retry is recognised for this long after the first attempt, by the proposing leader's clock.
    static let retentionMs: Int64 = 60 * 60 * 1_000
    /// Forgetting is done every this many log indexes: on the same entries on every node, so the
    /// state stays identical everywhere.
    static let pruneEveryIndexes: UInt64 = 256

    /// A write applied earlier under the same client and request id.
    struct Earlier {
        var answer: [UInt8]
        var index: UInt64
        /// `fingerprint(of:)` of its command; 0 for a row from before fingerprints were kept.
        var fingerprint: Int64

        /// A retry carries the same request; the same id on another write is a client's mistake
        /// that must not be answered with the first write's result.
        func isRetry(_ command: Command) -> Bool {
            fingerprint == 0 || fingerprint == RequestLedger.fingerprint(of: command)
        }
    }

    static func earlier(client: String, requestId: String, in db: Database) throws -> Earlier? {
        let statement = try db.cachedStatement(
            sql: "SELECT answer, applied_index, request_fingerprint FROM client_requests WHERE client = ? AND request_id = ?")
        return try RawRow.fetchOne(statement, arguments: [client, requestId], in: db) { row in
            Earlier(answer: row.blob(0), index: UInt64(bitPattern: row.int64(1)), fingerprint: row.int64(2))
        }
    }

    static func record(_ command: Command, index: UInt64, answer: [UInt8], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO client_requests (client, request_id, applied_index, at_ms, answer, request_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        try RawWrite.execute(statement, in: db) { row in
            row.bind(command.client)
            row.bind(command.requestId)
            row.bind(Int64(index))
            row.bind(command.atMs)
            row.bind(blob: answer)
            row.bind(fingerprint(of: command))
        }
    }

    static func fingerprint(of command: Command) -> Int64 {
        command.requestFingerprint ?? RequestFingerprint.of(command.action)
    }

    static func pruneIfDue(index: UInt64, nowMs: Int64, in db: Database) throws {
        guard index % pruneEveryIndexes == 0 else { return }
        try db.execute(sql: "DELETE FROM client_requests WHERE at_ms < ?", arguments: [nowMs - retentionMs])
    }
}
