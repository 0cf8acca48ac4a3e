@testable import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Consensus
import Testing

@Suite("The ticket rows appends read are kept between applies, and always match the table")
struct TicketRowCacheTests {
    static func append(_ ticket: Int64, _ id: String, atMs: Int64, close: Bool = false) -> Command {
        StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: ticket, text: "note \(id)", close: close)), id: id, atMs: atMs)
    }

    /// Every kept row against a fresh read of the table.
    static func mismatches(_ harness: StateHarness) throws -> [Int64] {
        let cached = (1...Int64(16)).compactMap { id in harness.state.ticketRows.cachedRow(id).map { (id, $0) } }
        return try harness.store.read { db in
            try cached.compactMap { id, row in
                let fresh = try TicketQueries.row(id, in: db)
                return fresh?.ticket == row.ticket && fresh?.lastLineID == row.lastLineID ? nil : id
            }
        }
    }

    @Test("appends, updates, closes and moves by failover and homecoming, in batches of every size: no kept row is stale")
    func matchesTheTable() throws {
        for batchSize in [1, 3, 8, 1_000] {
            let harness = try StateHarness()
            let create = (1...8).map {
                StateHarness.command(.ticketCreate(TicketCreateArgs(title: "case \($0)", center: $0 <= 4 ? "wuhan" : "hefei")), id: "t\($0)")
            }
            var atMs: Int64 = 1_000
            func appends(_ tag: String) -> [Command] {
                (1...8).map { ticket in
                    atMs += 1
                    return Self.append(Int64(ticket), "\(tag)-\(ticket)", atMs: atMs)
                }
            }
            let steps: [[Command]] = [
                [try ContactCenterCommandTests.load()] + create,
                appends("a"),
                [TicketHomecomingTests.status("wuhan", .dark, atMs: 2_000)] + appends("b"),
                [TicketHomecomingTests.update(TicketUpdateArgs(ticketId: 5, priority: .urgent), id: "u5")] + appends("c"),
                [Self.append(6, "close-6", atMs: 3_000, close: true)] + appends("d"),
                [TicketHomecomingTests.status("wuhan", .recovering, atMs: 6_000)] + appends("e"),
                [StateHarness.command(.contactCenter(.tick), id: "tick-late", atMs: TicketHomecomingTests.muchLaterMs)] + appends("f"),
            ]
            for step in steps {
                let answers = try harness.apply(step, batchSize: batchSize)
                #expect(try Self.mismatches(harness).isEmpty, "batches of \(batchSize)")
                // An append's answer is its ticket as the table now holds it.
                for answer in answers {
                    guard let result = try? harness.write(answer).get(), result.ticket.history.count == 1,
                        result.ticket.history[0].text.hasPrefix("note ")
                    else { continue }
                    var stored = try #require(try harness.ticket(result.ticket.id))
                    stored.history = result.ticket.history
                    if stored.lineCount == result.ticket.lineCount { #expect(result.ticket == stored, "batches of \(batchSize)") }
                }
            }
            #expect(harness.state.ticketRows.count == 8)
            #expect(try harness.ticket(1)?.center == "wuhan", "home again")
        }
    }

    @Test("an apply that did not commit leaves no kept row behind, whether it threw or its commit failed", arguments: [false, true])
    func forgottenAfterARollback(_ applyThrows: Bool) throws {
        let harness = try StateHarness()
        try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: "card")), id: "c"), Self.append(1, "a", atMs: 2_000)])
        struct Abort: Error {}
        let entry = Entry(term: 1, index: harness.lastIndex + 1, payload: .command(Self.append(1, "lost", atMs: 3_000).encoded))
        #expect(throws: (any Error).self) {
            try harness.store.apply(upTo: entry.index) { db in
                // Without its table the ledger's write at the end of the apply throws, after the
                // append kept its row; the rollback brings the table back.
                if applyThrows { try db.execute(sql: "DROP TABLE request_ledger") }
                try harness.state.apply([entry], in: db)
                throw Abort()
            }
        }
        _ = harness.state.takeAnswers()
        let again = try harness.apply([Self.append(1, "b", atMs: 4_000)])
        #expect(try harness.write(again[0]).get().ticket.lineCount == 2, "the lost append's count is not kept")
        #expect(try Self.mismatches(harness).isEmpty)
        #expect(try harness.ticket(1)?.history.map(\.text) == ["note a", "note b"])
    }

    @Test("a restart and an installed snapshot start with nothing kept")
    func forgottenOnStartAndRestore() throws {
        let harness = try StateHarness()
        try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: "card")), id: "c"), Self.append(1, "a", atMs: 2_000)])
        #expect(harness.state.ticketRows.count == 1)
        let image = try harness.snapshot()
        try harness.apply([Self.append(1, "b", atMs: 3_000)])
        try harness.restore(image, at: harness.lastIndex)
        #expect(harness.state.ticketRows.count == 0)
        let after = try harness.apply([Self.append(1, "third", atMs: 4_000)])
        #expect(try harness.write(after[0]).get().ticket.lineCount == 2, "the restored ticket had one line")
        try harness.restart()
        #expect(harness.state.ticketRows.count == 0)
    }

    @Test("the kept rows are bounded: a full cache starts again empty")
    func bounded() {
        var rows = TicketRowCache()
        for id in 1...Int64(TicketRowCache.maxTickets + 10) {
            rows.store(
                Ticket(
                    id: id, title: "t", center: "wuhan", state: .open, category: .other, priority: .normal, assignee: nil, dueAtMs: nil,
                    callbackWanted: false, createdAtMs: 0, updatedAtMs: 0, lineCount: 0, history: []), lastLineID: nil)
            #expect(rows.count <= TicketRowCache.maxTickets)
        }
        #expect(rows.count == 10)
    }
}
