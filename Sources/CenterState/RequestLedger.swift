import ClientAPI
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

    /// A write applied earlier under the same client and request id.
    struct Earlier {
        var answer: [UInt8]
        var index: UInt64
        /// `fingerprint(of:)` of its action; 0 for a row from before fingerprints were kept.
        var fingerprint: Int64

        /// A retry carries the same action; the same id on another action is a client's mistake
        /// that must not be answered with the first action's result.
        func isRetry(of action: Command.Action) -> Bool {
            fingerprint == 0 || fingerprint == RequestLedger.fingerprint(of: action)
        }
    }

    static func earlier(client: String, requestId: String, in db: Database) throws -> Earlier? {
        let row = try Row.fetchOne(
            db, sql: "SELECT answer, applied_index, action_fingerprint FROM client_requests WHERE client = ? AND request_id = ?",
            arguments: [client, requestId])
        return row.map { Earlier(answer: [UInt8]($0[0] as Data), index: UInt64($0[1] as Int64), fingerprint: $0[2]) }
    }

    static func record(_ command: Command, index: UInt64, answer: [UInt8], in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO client_requests (client, request_id, applied_index, at_ms, answer, action_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [command.client, command.requestId, Int64(index), command.atMs, Data(answer), fingerprint(of: command.action)])
    }

    /// FNV-1a over the action's canonical JSON (sorted keys): the same on every node, never 0.
    static func fingerprint(of action: Command.Action) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in APIJSON.encode(action) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash == 0 ? 1 : Int64(bitPattern: hash)
    }

    static func pruneIfDue(index: UInt64, nowMs: Int64, in db: Database) throws {
        guard index % pruneEveryIndexes == 0 else { return }
        try db.execute(sql: "DELETE FROM client_requests WHERE at_ms < ?", arguments: [nowMs - retentionMs])
    }
}
