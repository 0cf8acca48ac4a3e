import ContactCenter
import Testing

/// 4 February 2020: the main center "could not receive Wuhan's overflow calls". A route breaks on
/// evidence, is probed again after a cool-down, and mends when the receiving center answers.
@Suite("Broken routes")
struct BrokenRouteTests {
    static let route = BrokenRoute(from: "wuhan", to: "chengdu")

    /// Wuhan dark, its whole plan weighted on Chengdu, `agents` Chengdu agents ready.
    static func harness(agents: Int = 2) throws -> StateHarness {
        var topology = try Fixtures.china2020()
        let wuhan = try #require(topology.centers.firstIndex { $0.id == "wuhan" })
        topology.centers[wuhan].disasterRecovery.weights = ["chengdu": 100]
        var settings = StateSettings()
        settings.brokenRouteProbeAfterMs = 60_000
        settings.brokenRouteProbePercent = 50
        // Agents here only ring out or answer as each test says; absence is other tests' subject.
        settings.channelUnstaffedDarkAfterMs = 86_400_000
        settings.staffAbsentDarkAfterMs = 86_400_000
        var harness = try StateHarness(topology: topology, settings: settings)
        harness.staff(["chengdu"], perChannel: agents, channels: [.voice])
        harness.must(.centerBlackout(center: "wuhan"))
        return harness
    }

    @Test("one agent letting every offer ring out never breaks a route")
    func oneAgentNeverBreaks() throws {
        var harness = try Self.harness(agents: 1)
        _ = (0..<5).map { _ in harness.enqueue("hubei") }
        for _ in 0..<10 {
            harness.clockMs += Int64(harness.state.policy.offerTimeoutMs) + 10_000
            harness.must(.tick)
            harness.must(.agentReady(agent: "chengdu-voice-0"))
            #expect(harness.state.agents["chengdu-voice-0"]?.state == .busy, "offered again")
        }
        #expect(harness.state.brokenRoutes.isEmpty)
    }

    @Test("an agent at the receiving center refuses a contact already offered to it: the offer is withdrawn, the route breaks with its reason, the contact moves on")
    func refuseOffered() throws {
        var harness = try Self.harness()
        let id = harness.enqueue("hubei")
        #expect(harness.state.contacts[id]?.state == .offered && harness.state.contacts[id]?.center == "chengdu")
        let agent = try #require(harness.state.contacts[id]?.agent)
        let refused = harness.must(.intakeRefused(contact: id, center: "chengdu"))
        _ = refused
        let broken = try #require(harness.state.brokenRoutes[Self.route])
        #expect(broken.why == "chengdu refused contact \(id) from wuhan" && broken.probeFromMs == 60_000)
        #expect(harness.state.contacts[id]?.center != "chengdu" && harness.state.contacts[id]?.state == .queued)
        #expect(harness.state.agents[agent]?.state == .ready, "the agent who refused is free for Chengdu's own customers")
    }

    @Test("a broken route is probed after its cool-down by a share of its contacts, and mends when one is answered there; an unanswered probe restarts the cool-down")
    func probeAndMend() throws {
        var harness = try Self.harness()
        let first = harness.enqueue("hubei")
        let events = harness.apply(.intakeRefused(contact: first, center: "chengdu")).applied?.events ?? []
        #expect(events.contains(.routeBroken(from: "wuhan", to: "chengdu", why: "chengdu refused contact \(first) from wuhan")))
        // During the cool-down nothing is sent over it.
        let during = (0..<40).map { _ in harness.enqueue("hubei") }
        #expect(during.allSatisfy { harness.state.contacts[$0]?.center != "chengdu" })

        // After it, about half probe it; the first one offered there rings out unanswered.
        harness.clockMs = 60_000
        let probes = (0..<40).map { _ in harness.enqueue("hubei") }.filter { harness.state.contacts[$0]?.center == "chengdu" }
        #expect((8...32).contains(probes.count), "\(probes.count) of 40 probe the route")
        #expect(harness.state.contacts[probes[0]]?.explanation.contains { $0.rule == "probe" } == true)
        harness.clockMs += Int64(harness.state.policy.offerTimeoutMs)
        let expired = harness.apply(.tick).applied?.events ?? []
        #expect(expired.contains(.routeProbeFailed(from: "wuhan", to: "chengdu")))
        #expect(harness.state.brokenRoutes[Self.route]?.probeFromMs == harness.clockMs + 60_000)

        // After the next cool-down a probe is answered: the route mends, saying why.
        harness.clockMs += 60_000
        harness.must(.tick)
        for agent in ["chengdu-voice-0", "chengdu-voice-1"] { harness.must(.agentReady(agent: agent)) }
        _ = (0..<40).map { _ in harness.enqueue("hubei") }
        let offered = try #require(harness.state.contacts.values.filter { $0.state == .offered && $0.center == "chengdu" && $0.branch == "hubei" }.map(\.id).min())
        let agent = try #require(harness.state.contacts[offered]?.agent)
        let mended = harness.apply(.accept(contact: offered, agent: agent)).applied?.events ?? []
        #expect(mended.contains(.routeMended(from: "wuhan", to: "chengdu", why: "contact \(offered) was answered there by \(agent)")))
        #expect(harness.state.brokenRoutes.isEmpty)
    }

    @Test("an operator's mark is never probed: it stays until an operator mends it")
    func operatorMarkStays() throws {
        var harness = try Self.harness()
        harness.must(.routeBroken(from: "wuhan", to: "chengdu", broken: true))
        harness.clockMs = 3_600_000
        harness.must(.tick)
        let later = (0..<100).map { _ in harness.enqueue("hubei") }
        #expect(later.allSatisfy { harness.state.contacts[$0]?.center != "chengdu" })
        let events = harness.apply(.routeBroken(from: "wuhan", to: "chengdu", broken: false)).applied?.events ?? []
        #expect(events.contains(.routeMended(from: "wuhan", to: "chengdu", why: "an operator mended it")))
    }
}
