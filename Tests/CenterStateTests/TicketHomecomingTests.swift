import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Testing

@Suite("Tickets come home")
struct TicketHomecomingTests {
    static let ticketCount: Int64 = 4
    /// Late enough that any hold-down and every failback step are over: one tick makes a
    /// recovering center up.
    static let muchLaterMs: Int64 = 10_000_000

    static func status(_ center: String, _ status: CenterStatus, atMs: Int64) -> Command {
        StateHarness.command(.contactCenter(.setCenterStatus(center: center, status: status)), id: "\(center)-\(status)-\(atMs)", atMs: atMs)
    }

    static func update(_ args: TicketUpdateArgs, id: String) -> Command {
        StateHarness.command(.ticketUpdate(args), id: id, atMs: 5_000)
    }

    /// The 2020 topology and Wuhan's tickets, then Wuhan dark by silence: every ticket is away.
    static func wuhanDark() throws -> StateHarness {
        let harness = try StateHarness()
        let create = (1...ticketCount).map {
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "case \($0)", center: "wuhan")), id: "t\($0)")
        }
        try harness.apply([try ContactCenterCommandTests.load()] + create + [status("wuhan", .dark, atMs: 2_000)])
        for id in 1...ticketCount {
            let ticket = try #require(try harness.ticket(id))
            try #require(ticket.center != "wuhan" && ticket.homeCenter == "wuhan", "ticket \(id) moved away")
        }
        return harness
    }

    /// Recovering, then up by the model's own failback once the hold-down and steps are over.
    static func wuhanComesBack(_ harness: StateHarness) throws {
        try harness.apply([
            status("wuhan", .recovering, atMs: 6_000),
            StateHarness.command(.contactCenter(.tick), id: "tick-late", atMs: muchLaterMs),
        ])
        try #require(harness.state.contactCenter?.centers["wuhan"]?.status == .up)
    }

    @Test("moved tickets go home with a line once their center is up; recovering is not enough")
    func returnOnUp() throws {
        let harness = try Self.wuhanDark()
        let holders = try (1...Self.ticketCount).map { try #require(try harness.ticket($0)).center }
        try harness.apply([Self.status("wuhan", .recovering, atMs: 6_000)])
        #expect(try (1...Self.ticketCount).map { try harness.ticket($0)?.center } == holders, "a recovering center may go dark again")
        try harness.apply([StateHarness.command(.contactCenter(.tick), id: "tick-late", atMs: Self.muchLaterMs)])
        for (id, holder) in zip(1...Self.ticketCount, holders) {
            let ticket = try #require(try harness.ticket(id))
            #expect(ticket.center == "wuhan" && ticket.homeCenter == nil)
            #expect(ticket.history.last == TicketLine(atMs: Self.muchLaterMs, author: "system", text: "returned from \(holder) to wuhan: wuhan is up again"))
            // The way back follows the way out: the history is whole.
            #expect(ticket.history.count == 2)
            #expect(ticket.history.first?.text.hasPrefix("owner moved from wuhan to \(holder): ") == true)
        }
        #expect(try TicketFailoverTests.ticketViolations(harness).isEmpty)
    }

    @Test("a ticket assigned or escalated at the center holding it stays there; a mere priority change does not keep it")
    func takenTicketsStay() throws {
        let harness = try Self.wuhanDark()
        let assigned = try #require(try harness.ticket(1)).center
        let escalated = try #require(try harness.ticket(2)).center
        try harness.apply([
            Self.update(TicketUpdateArgs(ticketId: 1, state: .assigned, assignee: "\(assigned)-1"), id: "u1"),
            Self.update(TicketUpdateArgs(ticketId: 2, state: .escalated, escalatedTo: "hubei"), id: "u2"),
            Self.update(TicketUpdateArgs(ticketId: 3, priority: .urgent), id: "u3"),
        ])
        #expect(try harness.ticket(1)?.homeCenter == nil && harness.ticket(2)?.homeCenter == nil)
        #expect(try harness.ticket(3)?.homeCenter == "wuhan")
        #expect(
            try harness.ticket(1)?.history.last?.text
                == "state open → assigned; assignee \(assigned)-1; stays at \(assigned), taken there while away from wuhan")
        try Self.wuhanComesBack(harness)
        #expect(try harness.ticket(1)?.center == assigned && harness.ticket(2)?.center == escalated)
        #expect(try harness.ticket(3)?.center == "wuhan")
    }

    @Test("a ticket resolved or closed away from home stays there, and reopening it does not send it home")
    func finishedTicketsStay() throws {
        let harness = try Self.wuhanDark()
        let resolved = try #require(try harness.ticket(1)).center
        let closed = try #require(try harness.ticket(2)).center
        try harness.apply([
            Self.update(TicketUpdateArgs(ticketId: 1, state: .resolved), id: "u1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 2, text: "done", close: true)), id: "a2", atMs: 5_000),
        ])
        #expect(try harness.ticket(1)?.history.last?.text == "state open → resolved; stays at \(resolved), resolved there while away from wuhan")
        #expect(try harness.ticket(1)?.homeCenter == nil && harness.ticket(2)?.homeCenter == nil)
        try Self.wuhanComesBack(harness)
        try harness.apply([Self.update(TicketUpdateArgs(ticketId: 1, state: .open), id: "reopen")])
        #expect(try harness.ticket(1)?.center == resolved && harness.ticket(2)?.center == closed)
        #expect(try harness.ticket(3)?.center == "wuhan")
    }

    @Test("a ticket that moved on again still goes to where it first came from")
    func homeIsTheFirstCenter() throws {
        let harness = try Self.wuhanDark()
        let holder = try #require(try harness.ticket(1)).center
        try harness.apply([Self.status(holder, .dark, atMs: 3_000)])
        let next = try #require(try harness.ticket(1))
        #expect(next.center != holder && next.center != "wuhan" && next.homeCenter == "wuhan")
        try Self.wuhanComesBack(harness)
        #expect(try harness.ticket(1)?.center == "wuhan")
    }

    @Test("where a ticket's home is survives a snapshot, and the copy brings it home alike")
    func snapshotCarriesHome() throws {
        let source = try Self.wuhanDark()
        let copy = try StateHarness()
        try copy.restore(try source.snapshot(), at: source.lastIndex)
        #expect(try copy.ticket(1) == source.ticket(1) && copy.ticket(1)?.homeCenter == "wuhan")
        try Self.wuhanComesBack(source)
        try Self.wuhanComesBack(copy)
        #expect(try (1...Self.ticketCount).map { try copy.ticket($0) } == (1...Self.ticketCount).map { try source.ticket($0) })
        #expect(try copy.ticket(1)?.center == "wuhan")
    }
}
