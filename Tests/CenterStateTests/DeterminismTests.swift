@testable import CenterState
import ClientAPI
import Testing

@Suite("Replicated state")
struct DeterminismTests {
    static func workload(count: Int) -> [Command] {
        (0..<count).map { step in
            let ticket = Int64(step / 3 + 1)
            if step % 3 == 0 {
                return StateHarness.command(
                    .ticketCreate(TicketCreateArgs(title: "ticket \(ticket)", center: ["wuhan", "chengdu"][step % 2])),
                    id: "r\(step)", atMs: Int64(step) * 1_000)
            }
            // Every fifth request is a retry of the one before: it must change nothing.
            let id = step % 5 == 0 ? "r\(step - 1)" : "r\(step)"
            return StateHarness.command(
                .ticketAppend(TicketAppendArgs(ticketId: ticket, text: "line \(step)")), id: id, atMs: Int64(step) * 1_000)
        }
    }

    @Test("the same entries give the same tables and answers however they are batched")
    func batchingDoesNotMatter() throws {
        let one = try StateHarness()
        let other = try StateHarness()
        let commands = Self.workload(count: 600)
        let answersOne = try one.apply(commands, batchSize: 1)
        let answersOther = try other.apply(commands, batchSize: 97)
        #expect(answersOne == answersOther)
        #expect(try one.snapshot() == other.snapshot())
    }

    @Test("a snapshot restored elsewhere gives the same state, and both go on identically")
    func snapshotRoundTrip() throws {
        let source = try StateHarness()
        try source.apply(Self.workload(count: 300))
        let image = try source.snapshot()
        let copy = try StateHarness()
        try copy.restore(image, at: source.lastIndex)
        #expect(try copy.snapshot() == image)
        let more = Self.workload(count: 330).suffix(30)
        let sourceAnswers = try source.apply(Array(more))
        let copyAnswers = try copy.apply(Array(more)).map(\.answer)
        #expect(sourceAnswers.map(\.answer) == copyAnswers)
    }

    @Test("an empty snapshot means empty tables, and a snapshot of another version is refused")
    func emptyAndForeignSnapshots() throws {
        let harness = try StateHarness()
        try harness.apply(Self.workload(count: 10))
        try harness.restore([], at: 10)
        #expect(try harness.ticket(1) == nil)
        let foreign = Array("IFSNAP".utf8) + [99]
        #expect(throws: (any Error).self) { try harness.restore(foreign, at: 10) }
    }

    @Test("a truncated or corrupt snapshot is an error, never a crash, wherever it is cut")
    func truncatedSnapshots() throws {
        let source = try StateHarness()
        try source.apply(Self.workload(count: 20))
        let image = try source.snapshot()
        let target = try StateHarness()
        for cut in stride(from: 1, to: image.count, by: max(1, image.count / 97)) {
            #expect(throws: (any Error).self) { try target.restore(Array(image.prefix(cut)), at: 20) }
        }
        var corrupt = image
        corrupt[image.count / 2] ^= 0xFF
        _ = try? target.restore(corrupt, at: 20)
        try target.restore(image, at: 20)
        #expect(try target.snapshot() == image)
    }

    @Test("the request ledger forgets answers older than its retention, on the same entries everywhere")
    func ledgerRetention() throws {
        let harness = try StateHarness()
        let hourMs: Int64 = 60 * 60 * 1_000
        var commands = [StateHarness.command(.ticketCreate(TicketCreateArgs(title: "old")), id: "first", atMs: 0)]
        // Entry 256 prunes, by its own time: two hours later, so "first" is forgotten.
        commands += (2...256).map { StateHarness.command(.ticketCreate(TicketCreateArgs(title: "t")), id: "n\($0)", atMs: 2 * hourMs) }
        try harness.apply(commands)
        // "first" shares its bucket of 64 indexes with writes that are kept: the bucket is rewritten.
        let kept = try harness.store.read { try LedgerBuckets.all(in: $0) }
        #expect(kept.count == 255 && !kept.contains { $0.requestId == "first" }, "the record of \"first\" is deleted")
        let retry = try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: "old")), id: "first", atMs: 2 * hourMs)])
        #expect(try harness.write(retry[0]).get().ticket.id == 257, "past the retention a retry is a new request")
        let recent = try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: "t")), id: "n2", atMs: 2 * hourMs)])
        #expect(try harness.write(recent[0]).get().ticket.id == 2, "within it the first answer comes back")
    }
}
