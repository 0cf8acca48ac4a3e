@testable import CenterState
import ClientAPI
import Foundation
import GRDB
import Testing

@Suite("A ticket write's answer kept as a compact record, rendered as the same JSON")
struct StoredAnswerTests {
    static let full = TicketWriteResult(
        ticket: Ticket(
            id: 42, title: "Card blocked – 卡被锁", center: "beijing", state: .awaitingCallback, category: .misSentTransfer, priority: .urgent,
            assignee: "agent-7", escalatedTo: "hubei", dueAtMs: 1_700_000_123_456, callbackWanted: true,
            createdAtMs: 1_700_000_000_000, updatedAtMs: 1_700_000_100_000, homeCenter: "wuhan", lineCount: 9_999,
            history: [
                TicketLine(atMs: 1_700_000_100_000, author: "client:bh3x-iM(", text: "called back, \"quoted\" and\nnew line"),
                TicketLine(atMs: 1_700_000_100_000, author: "raft", text: ""),
            ]),
        appliedIndex: 1 << 40)
    static let bare = TicketWriteResult(
        ticket: Ticket(id: 1, title: "", center: "unassigned", state: .open, createdAtMs: -5, updatedAtMs: 0), appliedIndex: 0)

    @Test("a record reads back as the result it was made of, and renders the JSON the client got", arguments: [full, bare])
    func roundTrip(result: TicketWriteResult) throws {
        let answer = StoredAnswer.ticketWrite(result)
        let stored = answer.stored
        #expect(stored.first == 1, "never `{`, so it is never taken for JSON")
        let read = StoredAnswer(stored: stored, requestId: "r-1")
        #expect(read == answer)
        let json = read.json(requestId: "r-1")
        #expect(json == Response(requestId: "r-1", result: result).json)
        #expect(try APIJSON.decode(Response<TicketWriteResult>.self, from: json).result == result)
        #expect(stored.count * 2 < json.count, "the record is less than half the JSON (\(stored.count) against \(json.count) bytes)")
    }

    @Test("JSON, as earlier versions kept every answer and this one keeps the rest, is handed back as it is")
    func jsonPassesThrough() {
        let json = Array(#"{"ok":true,"requestId":"r-1","result":{},"v":1}"#.utf8)
        #expect(StoredAnswer(stored: json, requestId: "r-1") == .json(json))
        #expect(StoredAnswer.json(json).stored == json)
    }

    @Test("bytes that are no answer this version reads give the client an internal error, not a crash")
    func damagedRows() throws {
        let record = StoredAnswer.ticketWrite(Self.full).stored
        for damaged in [[], [7, 1, 2], Array(record.dropLast()), record + [0], [1] + [UInt8](repeating: 0xFF, count: 40)] {
            let answer = StoredAnswer(stored: damaged, requestId: "r-9")
            let response = try APIJSON.decode(Response<TicketWriteResult>.self, from: answer.json(requestId: "r-9"))
            #expect(response.error?.code == .internalError)
            #expect(response.requestId == "r-9")
        }
    }

    @Test("a retry finds the JSON answer an earlier version kept in its ledger")
    func retryOfAnEarlierVersionsRow() throws {
        let harness = try StateHarness()
        let create = StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: "c")
        let append = StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "called back")), id: "a")
        let first = try harness.apply([create, append])
        var records = try harness.store.read { try LedgerBuckets.all(in: $0) }
        let kept = try #require(records.firstIndex { $0.requestId == "a" })
        #expect(records[kept].answer.first == 1, "this version keeps a record")
        // What an earlier version kept for the same write: the JSON itself.
        records[kept].answer = first[1].answer
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try LedgerBuckets.replace(bucket: LedgerBuckets.bucket(of: records[kept].index), with: records, in: db)
        }
        try harness.restart()
        let retried = try harness.apply([append])
        #expect(retried[0].answer == first[1].answer)
        #expect(retried[0].stored == .json(first[1].answer))
        #expect(try harness.ticket(1)?.history.count == 1, "the retry was not applied again")
    }

    @Test("a snapshot of version 3, whose ledger is a row per write with JSON answers, is restored; one newer than this node is refused")
    func snapshotVersions() throws {
        let source = try StateHarness()
        let create = StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: "c")
        let first = try source.apply([create])
        var image = try source.snapshot()
        let versionAt = CenterSnapshot.magic.count
        #expect(image[versionAt] == CenterSnapshot.version)

        var records = try source.store.read { try LedgerBuckets.all(in: $0) }
        records[0].answer = first[0].answer
        let follower = try StateHarness()
        try follower.restore(try RequestLedgerTests.legacyImage(version: 3, records, fingerprints: false), at: source.lastIndex)
        #expect(try follower.apply([create]).map(\.answer) == first.map(\.answer), "the retry found its answer")

        image[versionAt] = CenterSnapshot.version + 1
        let newer = try StateHarness()
        let refusal = #expect(throws: (any Error).self) { try newer.restore(image, at: source.lastIndex) }
        #expect(refusal.map { "\($0)".contains("snapshot version \(CenterSnapshot.version + 1) is not one this node reads") } == true)
    }
}
