import CenterState
import ClientAPI
import Testing

@Suite("Ticket states and fields")
struct TicketUpdateTests {
    static func update(_ args: TicketUpdateArgs, id: String, atMs: Int64 = 2_000) -> Command {
        StateHarness.command(.ticketUpdate(args), id: id, atMs: atMs)
    }

    @Test("open → assigned → escalated → awaiting-callback → resolved → closed, each step a history line saying what changed")
    func lifecycle() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([
            StateHarness.command(
                .ticketCreate(TicketCreateArgs(title: "Loan deferral", center: "wuhan", category: .loanDeferral, priority: .high, callbackWanted: true)),
                id: "create"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .assigned, assignee: "wuhan-7"), id: "assign"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .escalated, escalatedTo: "hubei", text: "needs a branch visit"), id: "escalate"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .awaitingCallback, dueAtMs: 90_000), id: "wait"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .resolved), id: "resolve"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .closed), id: "close"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .open), id: "reopen"),
        ])
        #expect(try harness.write(answers[0]).get().ticket.state == .open)
        #expect(throws: APIError(.conflict, "ticket 1 is closed")) { try harness.write(answers[6]).get() }
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.state == .closed && ticket.category == .loanDeferral && ticket.priority == .high && ticket.callbackWanted)
        #expect(ticket.assignee == "wuhan-7" && ticket.escalatedTo == "hubei" && ticket.dueAtMs == 90_000)
        #expect(ticket.history.map(\.text) == [
            "state open → assigned; assignee wuhan-7",
            "state assigned → escalated; escalated to hubei: needs a branch visit",
            "state escalated → awaiting-callback; due at 90000 ms",
            "state awaiting-callback → resolved",
            "state resolved → closed",
        ])
    }

    @Test("the rules: assigned needs an assignee, escalated a branch, resolved only reopens or closes, and an empty update is refused")
    func rules() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Mis-sent transfer", assignee: "chengdu-1")), id: "create"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .escalated), id: "no-branch"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .resolved), id: "resolve"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .assigned), id: "from-resolved"),
            Self.update(TicketUpdateArgs(ticketId: 1), id: "nothing"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .open, text: "customer called again"), id: "reopen"),
            Self.update(TicketUpdateArgs(ticketId: 9, state: .open), id: "unknown"),
        ])
        #expect(try harness.write(answers[0]).get().ticket.state == .assigned, "a ticket created with an assignee is assigned")
        #expect(throws: APIError(.badRequest, "args.escalatedTo: an escalated ticket names the branch")) { try harness.write(answers[1]).get() }
        #expect(throws: APIError(.conflict, "ticket 1 is resolved and cannot become assigned")) { try harness.write(answers[3]).get() }
        #expect(throws: APIError(.badRequest, "args: nothing to change")) { try harness.write(answers[4]).get() }
        #expect(try harness.write(answers[5]).get().ticket.state == .open)
        #expect(throws: APIError(.notFound, "no ticket 9")) { try harness.write(answers[6]).get() }
        #expect(try harness.ticket(1)?.history.map(\.text) == ["state assigned → resolved", "state resolved → open: customer called again"])
    }

    @Test("escalated and awaiting-callback tickets follow a dark center too; resolved ones stay")
    func activeStatesMove() throws {
        let harness = try StateHarness()
        try harness.apply([
            try ContactCenterCommandTests.load(),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "a", center: "wuhan")), id: "a"),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "b", center: "wuhan")), id: "b"),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "c", center: "wuhan")), id: "c"),
            Self.update(TicketUpdateArgs(ticketId: 1, state: .escalated, escalatedTo: "hubei"), id: "u1"),
            Self.update(TicketUpdateArgs(ticketId: 2, state: .awaitingCallback), id: "u2"),
            Self.update(TicketUpdateArgs(ticketId: 3, state: .resolved), id: "u3"),
            StateHarness.command(.contactCenter(.centerBlackout(center: "wuhan")), id: "dark", atMs: 5_000),
        ])
        #expect(try harness.ticket(1)?.center != "wuhan" && harness.ticket(2)?.center != "wuhan")
        #expect(try harness.ticket(3)?.center == "wuhan")
        #expect(try TicketFailoverTests.ticketViolations(harness).isEmpty)
    }
}
