import CenterState
import ClientAPI
import ContactCenter
import Testing

@Suite("Tickets follow a center that leaves")
struct TicketFailoverTests {
    /// The failover invariant for tickets: every active ticket has one owner, and it is not dark.
    static func ticketViolations(_ harness: StateHarness) throws -> [String] {
        let model = try #require(harness.state.contactCenter)
        let page = try harness.store.read { try TicketQueries.list(TicketListArgs(limit: TicketListArgs.maxLimit), in: $0) }
        return page.tickets.compactMap { ticket in
            ticket.state.isActive && model.centers[ticket.center]?.status == .dark
                ? "ticket \(ticket.id) is owned by dark \(ticket.center)" : nil
        }
    }

    @Test("Wuhan's open tickets move to up centers of its plan, with a line saying why")
    func wuhanTicketsMove() throws {
        let harness = try StateHarness()
        _ = try ContactCenterScenario.run(on: harness)
        #expect(try Self.ticketViolations(harness).isEmpty)
        let plan = ["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"]
        for id: Int64 in [1, 2, 3, 6] {
            let ticket = try #require(try harness.ticket(id))
            #expect(plan.contains(ticket.center), "ticket \(id) went to \(ticket.center)")
            let line = try #require(ticket.history.last)
            #expect(line.author == "system")
            #expect(line.text == "owner moved from wuhan to \(ticket.center): wuhan is dark (operator-blackout); disaster-recovery plan")
        }
        #expect(try harness.ticket(4)?.center == "chengdu")
        #expect(try harness.ticket(4)?.history.isEmpty == true)
    }

    @Test("a draining center's tickets move too, chosen by ticket id among the plan's centers that are up")
    func drainingMovesTickets() throws {
        let harness = try StateHarness()
        let create = (1...4).map {
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "t\($0)", center: "hefei")), id: "t\($0)")
        }
        try harness.apply(
            [ContactCenterCommandTests.load()] + create + [
                StateHarness.command(.contactCenter(.centerBlackout(center: "shanghai")), id: "dark-shanghai", atMs: 2_000),
                StateHarness.command(.contactCenter(.centerDrain(center: "hefei")), id: "drain-hefei", atMs: 3_000),
            ])
        // Hefei's plan is shanghai, zhengzhou, chengdu, wuhan; shanghai is dark, so three remain.
        let owners = try (1...4).map { try harness.ticket(Int64($0))?.center }
        #expect(owners == ["chengdu", "wuhan", "zhengzhou", "chengdu"])
        #expect(try harness.ticket(1)?.history.last?.text == "owner moved from hefei to chengdu: hefei is draining; disaster-recovery plan")
        #expect(try Self.ticketViolations(harness).isEmpty)
    }

    @Test("a moved ticket keeps its whole history: the move's line follows the lines before it")
    func moveExtendsTheHistory() throws {
        let harness = try StateHarness()
        try harness.apply([
            ContactCenterCommandTests.load(),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "card", center: "hefei", text: "card blocked")), id: "t1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "customer called back")), id: "a1"),
            StateHarness.command(.contactCenter(.centerDrain(center: "hefei")), id: "drain-hefei", atMs: 3_000),
        ])
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.lineCount == 3)
        #expect(ticket.history.map(\.text) == [
            "card blocked", "customer called back", "owner moved from hefei to \(ticket.center): hefei is draining; disaster-recovery plan",
        ])
    }

    @Test("closed tickets stay where they were")
    func closedTicketsStay() throws {
        let harness = try StateHarness()
        try harness.apply([
            ContactCenterCommandTests.load(),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "done", center: "wuhan")), id: "t1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "fixed", close: true)), id: "a1"),
            StateHarness.command(.contactCenter(.centerBlackout(center: "wuhan")), id: "dark", atMs: 2_000),
        ])
        #expect(try harness.ticket(1)?.center == "wuhan")
        #expect(try harness.ticket(1)?.history.count == 1)
    }
}
