import GRDB
import NodeStorage
import Wire

/// How the request ledger's remembered writes are stored: one row per 64 log indexes (a bucket),
/// its writes' records appended one after the other in index order. A row per write cost every
/// node two B-tree inserts per write (the row and its age index), a tenth of the cluster's
/// throughput at 128 clients (BENCHMARKS.md, sixteenth session on issue 13); an apply now writes a
/// row or two per batch. The bucket is a fixed range of indexes, not an apply's batch, so that
/// every node stores the same bytes however its applies were batched.
enum LedgerBuckets {
    static let indexesPerBucket: UInt64 = 64

    /// One remembered write, as `RequestLedger` keeps it.
    struct Record: Equatable {
        var index: UInt64
        var client: String
        var requestId: String
        var atMs: Int64
        /// `RequestLedger.fingerprint(of:)` of its command; 0 for a write from before fingerprints.
        var fingerprint: Int64
        /// `StoredAnswer.stored`.
        var answer: [UInt8]

        var key: LedgerIndex.Key { LedgerIndex.Key(client: client, requestId: requestId) }
    }

    static let columns = """
        bucket INTEGER PRIMARY KEY,
        oldest_at_ms INTEGER NOT NULL,
        records BLOB NOT NULL
        """

    static func bucket(of index: UInt64) -> Int64 { Int64(index / indexesPerBucket) }

    /// Appends `records`, in index order, to the buckets they fall in.
    static func append(_ records: [Record], in db: Database) throws {
        // A bucket already holding earlier records of its range gets these after them: the
        // concatenation of two blobs is text to SQLite, cast back without changing a byte.
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO request_ledger (bucket, oldest_at_ms, records) VALUES (?, ?, ?)
                ON CONFLICT (bucket) DO UPDATE SET
                    oldest_at_ms = min(oldest_at_ms, excluded.oldest_at_ms),
                    records = CAST(records || excluded.records AS BLOB)
                """)
        var rest = records[...]
        while let first = rest.first {
            let bucket = bucket(of: first.index)
            let run = rest.prefix { Self.bucket(of: $0.index) == bucket }
            rest = rest.dropFirst(run.count)
            try RawWrite.execute(statement, in: db) { row in
                row.bind(bucket)
                row.bind(run.lazy.map(\.atMs).min() ?? first.atMs)
                row.bind(blob: encode(run))
            }
        }
    }

    /// The records of the bucket that holds `index`, if it is stored.
    static func records(inBucketOf index: UInt64, in db: Database) throws -> [Record] {
        let statement = try db.cachedStatement(sql: "SELECT records FROM request_ledger WHERE bucket = ?")
        return try RawRow.fetchOne(statement, in: db, binding: { $0.bind(bucket(of: index)) }) { try decode($0.blob(0)) } ?? []
    }

    /// Each stored record, in index order, one bucket in memory at a time: an hour of writes does
    /// not fit at once.
    static func forEach(in db: Database, _ body: (Record) throws -> Void) throws {
        let statement = try db.makeStatement(sql: "SELECT records FROM request_ledger ORDER BY bucket")
        try RawRow.forEach(statement, in: db, binding: { _ in }) { row in
            for record in try decode(row.blob(0)) { try body(record) }
        }
    }

    /// Buckets read at a time while forgetting: after a quiet night every bucket may be past the
    /// retry window at once.
    static let maxBucketsPerForgetStep = 256

    /// Forgets every record older than `cutoffMs`, handing each to `forgotten`: a bucket left
    /// empty is deleted, one with younger records is rewritten with those alone, so none is read
    /// twice and the steps end.
    static func forget(olderThan cutoffMs: Int64, in db: Database, _ forgotten: (Record) -> Void) throws {
        let aging = try db.cachedStatement(
            sql: "SELECT bucket, records FROM request_ledger WHERE oldest_at_ms < ? ORDER BY oldest_at_ms LIMIT ?")
        while true {
            let buckets = try RawRow.fetchAll(aging, in: db, binding: { row in
                row.bind(cutoffMs)
                row.bind(maxBucketsPerForgetStep)
            }) { row in (row.int64(0), try decode(row.blob(1))) }
            for (bucket, records) in buckets {
                records.lazy.filter { $0.atMs < cutoffMs }.forEach(forgotten)
                try replace(bucket: bucket, with: records.filter { $0.atMs >= cutoffMs }, in: db)
            }
            if buckets.count < maxBucketsPerForgetStep { return }
        }
    }

    /// Stores `records` as the whole of `bucket` (none: the bucket is deleted).
    static func replace(bucket: Int64, with records: [Record], in db: Database) throws {
        guard let oldest = records.lazy.map(\.atMs).min() else {
            try RawWrite.execute(db.cachedStatement(sql: "DELETE FROM request_ledger WHERE bucket = ?"), in: db) { $0.bind(bucket) }
            return
        }
        try RawWrite.execute(db.cachedStatement(sql: "UPDATE request_ledger SET oldest_at_ms = ?, records = ? WHERE bucket = ?"), in: db) {
            row in
            row.bind(oldest)
            row.bind(blob: encode(records))
            row.bind(bucket)
        }
    }

    /// Each record: index, at, fingerprint, client, request id, answer (integers little-endian,
    /// strings and the answer with a UInt32 length).
    static func encode(_ records: some Collection<Record>) -> [UInt8] {
        var writer = ByteWriter(capacity: records.reduce(0) { $0 + 40 + $1.client.utf8.count + $1.requestId.utf8.count + $1.answer.count })
        for record in records {
            writer.write(record.index)
            writer.write(UInt64(bitPattern: record.atMs))
            writer.write(UInt64(bitPattern: record.fingerprint))
            writer.write(string: record.client)
            writer.write(string: record.requestId)
            writer.write(blob: record.answer)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> [Record] {
        var reader = ByteReader(bytes)
        var records: [Record] = []
        while !reader.isAtEnd {
            let index = try reader.uint64("ledger index")
            let atMs = Int64(bitPattern: try reader.uint64("ledger time"))
            let fingerprint = Int64(bitPattern: try reader.uint64("ledger fingerprint"))
            let client = try reader.string("ledger client")
            let requestId = try reader.string("ledger request id")
            let answer = try reader.blob("ledger answer")
            records.append(Record(index: index, client: client, requestId: requestId, atMs: atMs, fingerprint: fingerprint, answer: answer))
        }
        return records
    }
}
