import GRDB
import NodeStorage

/// The answers to applied writes, stored by the log index that applied them (`LedgerBuckets`) and
/// found by client and request id through `LedgerIndex`: a retried write finds its first answer here
/// instead of being applied again. Part of the replicated state, so a new leader knows what the old
/// one applied. An apply's records wait in `Unwritten` and are stored together at its end.
enum RequestLedger {
    /// A retry is recognised for this long after the first attempt, by the proposing leader's clock.
    static let retentionMs: Int64 = 60 * 60 * 1_000
    /// Forgetting is done every this many log indexes: on the same entries on every node, so the
    /// state stays identical everywhere.
    static let pruneEveryIndexes: UInt64 = 256

    /// The records of the apply under way, not stored yet, in index order.
    typealias Unwritten = [LedgerBuckets.Record]

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

    /// The record of the write `hashed` names, if the ledger remembers it. The index only points; the
    /// record decides.
    static func earlier(_ hashed: LedgerIndex.Hashed, index: LedgerIndex, unwritten: Unwritten, in db: Database) throws -> Earlier? {
        let key = hashed.key
        for candidate in index.candidates(hashed) {
            let unwrittenRecord = unwritten.last { $0.index == candidate }
            let records = try unwrittenRecord.map { [$0] } ?? LedgerBuckets.records(inBucketOf: candidate, in: db)
            if let record = records.first(where: { $0.index == candidate && $0.key == key }) {
                return Earlier(answer: StoredAnswer(stored: record.answer, requestId: key.requestId), index: candidate, fingerprint: record.fingerprint)
            }
        }
        return nil
    }

    static func record(
        _ command: Command, key: LedgerIndex.Hashed, index: UInt64, answer: StoredAnswer, into ledger: inout LedgerIndex,
        unwritten: inout Unwritten
    ) {
        unwritten.append(
            LedgerBuckets.Record(
                index: index, client: command.client, requestId: command.requestId, atMs: command.atMs,
                fingerprint: fingerprint(of: command), answer: answer.stored))
        ledger.insert(key, at: index)
    }

    /// Stores the apply's records, in the apply's transaction.
    static func write(_ unwritten: inout Unwritten, in db: Database) throws {
        guard !unwritten.isEmpty else { return }
        try LedgerBuckets.append(unwritten, in: db)
        unwritten.removeAll(keepingCapacity: true)
    }

    /// Rebuilds `ledger` from the table, in the order the writes were applied.
    static func rebuild(_ ledger: inout LedgerIndex, in db: Database) throws {
        ledger.removeAll()
        try LedgerBuckets.forEach(in: db) { ledger.insert(ledger.hashed($0.key), at: $0.index) }
    }

    static func fingerprint(of command: Command) -> Int64 {
        command.requestFingerprint ?? RequestFingerprint.of(command.action)
    }

    /// The records of the apply so far are stored first, so that what is forgotten does not depend
    /// on how the entries were batched.
    static func pruneIfDue(index: UInt64, nowMs: Int64, from ledger: inout LedgerIndex, unwritten: inout Unwritten, in db: Database) throws {
        guard index % pruneEveryIndexes == 0 else { return }
        try write(&unwritten, in: db)
        try LedgerBuckets.forget(olderThan: nowMs - retentionMs, in: db) { ledger.remove($0.key, at: $0.index) }
    }
}
