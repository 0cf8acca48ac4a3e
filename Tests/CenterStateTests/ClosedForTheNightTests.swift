import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Testing

/// Tickets and opening hours on the whole application: a night's closing moves nothing; the same
/// absence inside the hours is an outage, and the tickets follow it.
@Suite("Closed for the night")
struct ClosedForTheNightTests {
    static let hourMs: Int64 = 3_600_000

    /// Wuhan open 08:00 to 20:00 in +08:00 (the clock's zero is 08:00 there), its two agents in,
    /// two tickets of its own, and the agents gone at `leaveAtMs`.
    static func wuhan(leavingAtMs leaveAtMs: Int64) throws -> StateHarness {
        var topology = try ContactCenterScenario.china2020()
        let wuhan = try #require(topology.centers.firstIndex { $0.id == "wuhan" })
        topology.centers[wuhan].hours = OpeningHours(timeZone: "+08:00", open: "08:00", close: "20:00")
        var settings = topology.settings ?? StateSettings()
        settings.staffAbsentDarkAfterMs = 30_000
        topology.settings = settings
        let harness = try StateHarness()
        var commands = [StateHarness.command(.topologyLoad(topology), id: "load", atMs: 0)]
        for agent in ["wuhan-1", "wuhan-2"] {
            commands.append(StateHarness.command(
                .contactCenter(.agentLogin(agent: agent, homeCenter: "wuhan", skills: ["general"], channels: [.voice])), id: "in-\(agent)", atMs: 1_000))
        }
        commands += (1...2).map { StateHarness.command(.ticketCreate(TicketCreateArgs(title: "case \($0)", center: "wuhan")), id: "t\($0)", atMs: 2_000) }
        commands += ["wuhan-1", "wuhan-2"].map { StateHarness.command(.contactCenter(.agentOffline(agent: $0)), id: "out-\($0)", atMs: leaveAtMs) }
        try harness.apply(commands)
        return harness
    }

    static func ticks(from startMs: Int64, to endMs: Int64, everyMs: Int64) -> [Command] {
        var commands: [Command] = []
        var atMs = startMs
        while atMs <= endMs {
            commands.append(StateHarness.command(.contactCenter(.tick), id: "tick-\(atMs)", atMs: atMs))
            atMs += everyMs
        }
        return commands
    }

    @Test("everyone logs out at closing: not dark through the night, the tickets stay, and the morning needs no failback")
    func nightMovesNothing() throws {
        let closingMs = 12 * Self.hourMs
        let harness = try Self.wuhan(leavingAtMs: closingMs - 10_000)
        let before = try harness.ticket(1)
        try harness.apply(Self.ticks(from: closingMs - 5_000, to: closingMs + 11 * Self.hourMs, everyMs: 300_000))
        let night = try #require(harness.state.contactCenter?.centers["wuhan"])
        #expect(night.status == .up && night.reason == nil)
        #expect(try harness.ticket(1)?.center == "wuhan" && harness.ticket(2)?.center == "wuhan")
        #expect(try harness.ticket(1) == before, "not a line: nothing happened to it")
    }

    @Test("the same absence inside the hours: dark for staff-absent, and the tickets move with a line that says so")
    func dayAbsenceMovesTickets() throws {
        let harness = try Self.wuhan(leavingAtMs: 2 * Self.hourMs)
        try harness.apply(Self.ticks(from: 2 * Self.hourMs + 1_000, to: 2 * Self.hourMs + 40_000, everyMs: 1_000))
        #expect(harness.state.contactCenter?.centers["wuhan"]?.reason == .staffAbsent)
        let moved = try #require(try harness.ticket(1))
        #expect(moved.center != "wuhan" && moved.homeCenter == "wuhan")
        #expect(moved.history.last?.text.contains("wuhan is dark (staff-absent)") == true, "\(moved.history.last?.text ?? "")")
    }
}
