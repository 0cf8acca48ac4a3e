@testable import CenterState
import ClientAPI
import Consensus
import Foundation
import GRDB
import Testing

@Suite("The request ledger, stored in buckets of indexes and found through LedgerIndex")
struct RequestLedgerTests {
    static func append(_ id: String, atMs: Int64 = 1_000) -> Command {
        StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "called back")), id: id, atMs: atMs)
    }

    static func create(_ id: String) -> Command {
        StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: id)
    }

    @Test("requests whose hashes collide are told apart by their whole key")
    func collisions() {
        var index = LedgerIndex(hash: { _ in 7 })
        let first = index.hashed(LedgerIndex.Key(client: "client:K1", requestId: "a"))
        let second = index.hashed(LedgerIndex.Key(client: "client:K1", requestId: "b"))
        index.insert(first, at: 10)
        index.insert(second, at: 11)
        #expect(Array(index.candidates(first)) == [10])
        #expect(Array(index.candidates(second)) == [10, 11], "the row at 10 is read and refused, the one at 11 found")
        index.remove(first.key, at: 10)
        #expect(Array(index.candidates(first)).isEmpty)
        #expect(Array(index.candidates(second)) == [11])
        index.remove(second.key, at: 11)
        #expect(index.count == 0)
        index.insert(second, at: 12)
        #expect(Array(index.candidates(second)) == [12])
    }

    @Test("after a restart and after a snapshot is installed, a retry still gets its first answer")
    func rememberedAcrossRestartAndSnapshot() throws {
        let harness = try StateHarness()
        let first = try harness.apply([Self.create("c"), Self.append("a")])
        try harness.restart()
        let retried = try harness.apply([Self.append("a", atMs: 5_000), Self.create("c")])
        #expect(retried.map(\.answer) == [first[1].answer, first[0].answer])
        #expect(try harness.ticket(1)?.history.count == 1)
        #expect(try harness.ticket(2) == nil, "the create was not applied again")

        let follower = try StateHarness()
        try follower.restore(try harness.snapshot(), at: harness.lastIndex)
        let afterSnapshot = try follower.apply([Self.append("a", atMs: 9_000)])
        #expect(afterSnapshot[0].answer == first[1].answer)
        #expect(try follower.ticket(1)?.history.count == 1)
    }

    @Test("a write whose transaction rolled back is applied once when its entry is applied again")
    func rolledBackTransaction() throws {
        let harness = try StateHarness()
        try harness.apply([Self.create("c")])
        struct Abort: Error {}
        let entry = Entry(term: 1, index: 2, payload: .command(Self.append("a").encoded))
        #expect(throws: Abort.self) {
            try harness.store.apply(upTo: 2) { db in
                try harness.state.apply([entry], in: db)
                throw Abort()
            }
        }
        _ = harness.state.takeAnswers()
        let again = try harness.apply([Self.append("a")])
        #expect(try harness.write(again[0]).get().ticket.lineCount == 1)
        let retry = try harness.apply([Self.append("a", atMs: 3_000)])
        #expect(retry[0].answer == again[0].answer)
        #expect(try harness.ticket(1)?.history.count == 1)
    }

    /// The layouts of the ledger's table before `LedgerBuckets`, a row per write, newest first.
    enum LegacyLayout: String, CaseIterable, CustomTestStringConvertible {
        case byIndex = "applied_index INTEGER PRIMARY KEY, client TEXT NOT NULL, request_id TEXT NOT NULL, at_ms INTEGER NOT NULL, answer BLOB NOT NULL, request_fingerprint INTEGER NOT NULL DEFAULT 0"
        case byRequest = "client TEXT NOT NULL, request_id TEXT NOT NULL, applied_index INTEGER NOT NULL, at_ms INTEGER NOT NULL, answer BLOB NOT NULL, request_fingerprint INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (client, request_id)"
        case withoutFingerprints = "client TEXT NOT NULL, request_id TEXT NOT NULL, applied_index INTEGER NOT NULL, at_ms INTEGER NOT NULL, answer BLOB NOT NULL, PRIMARY KEY (client, request_id)"

        var testDescription: String { "\(self)" }
    }

    @Test("a ledger kept a row per write, as earlier versions wrote it, is moved into buckets with every row", arguments: LegacyLayout.allCases)
    func migratesTheOldLayouts(_ layout: LegacyLayout) throws {
        let harness = try StateHarness()
        let first = try harness.apply([Self.create("c"), Self.append("a")])
        let records = try harness.store.read { try LedgerBuckets.all(in: $0) }
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try db.execute(sql: "DELETE FROM request_ledger; CREATE TABLE client_requests (\(layout.rawValue))")
            let fingerprint = layout == .withoutFingerprints ? "" : ", request_fingerprint"
            for record in records {
                let values: [any DatabaseValueConvertible] =
                    [Int64(record.index), record.client, record.requestId, record.atMs, Data(record.answer)]
                    + (fingerprint.isEmpty ? [] : [record.fingerprint])
                try db.execute(
                    sql: "INSERT INTO client_requests (applied_index, client, request_id, at_ms, answer\(fingerprint)) VALUES (?, ?, ?, ?, ?\(fingerprint.isEmpty ? "" : ", ?"))",
                    arguments: StatementArguments(values))
            }
        }
        try harness.restart()
        #expect(try harness.store.read { try $0.tableExists("client_requests") } == false)
        let moved = try harness.store.read { try LedgerBuckets.all(in: $0) }
        var expected = records
        if layout == .withoutFingerprints { for position in expected.indices { expected[position].fingerprint = 0 } }
        #expect(moved == expected)
        let retried = try harness.apply([Self.append("a", atMs: 7_000)])
        #expect(retried[0].answer == first[1].answer)
        #expect(try harness.ticket(1)?.history.count == 1)
    }

    @Test("a snapshot of version 4, whose ledger is a row per write, is restored into buckets")
    func restoresVersion4() throws {
        let source = try StateHarness()
        let first = try source.apply((0..<70).map { Self.create("c\($0)") })
        let records = try source.store.read { try LedgerBuckets.all(in: $0) }
        let follower = try StateHarness()
        try follower.restore(try Self.legacyImage(version: 4, records, fingerprints: true), at: source.lastIndex)
        #expect(try follower.store.read { try LedgerBuckets.all(in: $0) } == records)
        #expect(try follower.store.read { try $0.tableExists("client_requests") } == false)
        #expect(try follower.apply([Self.create("c69")]).map(\.answer) == [first[69].answer], "a retry finds its answer")
    }

    @Test("an apply's records go to the buckets of their indexes: two applies that share a bucket store what one would")
    func bucketsDoNotDependOnBatches() throws {
        let commands = (0..<150).map { Self.create("c\($0)") }
        let whole = try StateHarness()
        try whole.apply(commands)
        let split = try StateHarness()
        try split.apply(commands, batchSize: 50)
        let rows = { (harness: StateHarness) in
            try harness.store.read { try Row.fetchAll($0, sql: "SELECT bucket, oldest_at_ms, records FROM request_ledger ORDER BY bucket") }
        }
        #expect(try rows(whole) == rows(split))
        #expect(try rows(whole).map { $0[0] as Int64 } == [0, 1, 2], "indexes 1 to 150, 64 to a bucket")
    }

    @Test("forgetting goes a step of buckets at a time through more expired buckets than a step holds, and keeps the young records")
    func forgetsInSteps() throws {
        let harness = try StateHarness()
        let buckets = UInt64(LedgerBuckets.maxBucketsPerForgetStep * 2 + 10)
        // One old record per bucket, and a young one in the last bucket beside its old one.
        let records = (0..<buckets).map { bucket in
            LedgerBuckets.Record(
                index: bucket * LedgerBuckets.indexesPerBucket + 1, client: "client:K", requestId: "old-\(bucket)", atMs: 1_000,
                fingerprint: 7, answer: [1, 2, 3])
        } + [
            LedgerBuckets.Record(
                index: (buckets - 1) * LedgerBuckets.indexesPerBucket + 2, client: "client:K", requestId: "young", atMs: 9_000,
                fingerprint: 7, answer: [4])
        ]
        var forgotten: [String] = []
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try LedgerBuckets.append(records, in: db)
            try LedgerBuckets.forget(olderThan: 5_000, in: db) { forgotten.append($0.requestId) }
        }
        #expect(forgotten.count == Int(buckets) && Set(forgotten) == Set((0..<buckets).map { "old-\($0)" }))
        #expect(try harness.store.read { try LedgerBuckets.all(in: $0) }.map(\.requestId) == ["young"])
    }

    /// A snapshot as versions 3 and 4 wrote it, holding only the ledger: `client_requests`, a row
    /// per write (version 3 without fingerprints).
    static func legacyImage(version: UInt8, _ records: [LedgerBuckets.Record], fingerprints: Bool) throws -> [UInt8] {
        var out = SnapshotWriter()
        out.bytes(CenterSnapshot.magic)
        out.byte(version)
        out.u32(1)
        out.text("client_requests")
        let columns = ["applied_index", "client", "request_id", "at_ms", "answer"] + (fingerprints ? ["request_fingerprint"] : [])
        out.u32(UInt32(columns.count))
        for column in columns { out.text(column) }
        out.u64(UInt64(records.count))
        for record in records {
            let cells: [DatabaseValue] =
                [Int64(record.index).databaseValue, record.client.databaseValue, record.requestId.databaseValue,
                 record.atMs.databaseValue, Data(record.answer).databaseValue]
                + (fingerprints ? [record.fingerprint.databaseValue] : [])
            for cell in cells { try out.cell(cell) }
        }
        return out.buffer
    }
}
