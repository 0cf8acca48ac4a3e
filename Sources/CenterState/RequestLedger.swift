import Foundation
import GRDB

/// The answers to applied writes, by client and request id: a retried write finds its first
/// answer here instead of being applied again. Part of the replicated state, so a new leader
/// knows what the old one applied.
enum RequestLedger {
    /// A retry is recognised for this long after the first attempt, by the proposing leader's clock.
    static let retentionMs: Int64 = 60 * 60 * 1_000
    /// Forgetting is done every this many log indexes: on the same entries on every node, so the
    /// state stays identical everywhere.
    static let pruneEveryIndexes: UInt64 = 256

    static func answer(client: String, requestId: String, in db: Database) throws -> [UInt8]? {
        let data = try Data.fetchOne(
            db, sql: "SELECT answer FROM client_requests WHERE client = ? AND request_id = ?",
            arguments: [client, requestId])
        return data.map { [UInt8]($0) }
    }

    static func record(
        client: String, requestId: String, index: UInt64, atMs: Int64, answer: [UInt8], in db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO client_requests (client, request_id, applied_index, at_ms, answer) VALUES (?, ?, ?, ?, ?)",
            arguments: [client, requestId, Int64(index), atMs, Data(answer)])
    }

    static func pruneIfDue(index: UInt64, nowMs: Int64, in db: Database) throws {
        guard index % pruneEveryIndexes == 0 else { return }
        try db.execute(sql: "DELETE FROM client_requests WHERE at_ms < ?", arguments: [nowMs - retentionMs])
    }
}
