import ContactCenter
import Testing

/// Plans are explicit: contacts stay inside a dark center's plan while any center of it can take
/// them, and the explanation says what the shares were computed from.
@Suite("Disaster-recovery plans")
struct PlanTests {
    @Test("spare capacity counts the agents present, not the seats declared, and says so")
    func presentAgents() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["chengdu"]?.status = .dark
        // Zhengzhou has 10 agents present, Wuhan 2, the rest none; Chengdu's plan spares by capacity.
        for id in loads.keys { loads[id]?.staffedAgents = [:] }
        loads["zhengzhou"]?.staffedAgents = [.voice: 10]
        loads["wuhan"]?.staffedAgents = [.voice: 2]
        let situation = RoutingSituation(topology: topology, loads: loads)
        let shares = Fixtures.shares(situation, branch: "sichuan", channel: .voice, count: 1_200)
        #expect(Set(shares.centers.keys) == ["zhengzhou", "wuhan"], "\(shares.centers)")
        #expect((900...1_100).contains(shares.centers["zhengzhou"] ?? 0))
        let step = try #require(shares.decisions[0].steps.last)
        #expect(step.rule == "dr-plan" && step.detail.contains("spare capacity of the agents present") && step.detail.contains("zhengzhou 10"))
        #expect(!shares.decisions[0].steps.contains { $0.detail.contains("equal") }, "one basis, said once")
    }

    @Test("with nobody logged in at any of them, the declared seats stand in, and the explanation says which it used")
    func seatsFallback() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        for id in loads.keys { loads[id]?.staffedAgents = [:] }
        loads["chengdu"]?.status = .dark
        let decision = Router.route(ContactRequest(id: 1, channel: .voice, branch: "sichuan"), in: RoutingSituation(topology: topology, loads: loads))
        #expect(decision.steps.last?.detail.contains("spare declared seats (no agent is logged in at any of them)") == true, "\(decision.steps)")
    }

    @Test("only when the whole plan is dark or refusing do contacts go beyond it, and the explanation says so")
    func beyondThePlan() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        let wuhanPlan = try #require(topology.center("wuhan")?.disasterRecovery.order)
        loads["wuhan"]?.status = .dark
        for center in wuhanPlan.dropFirst() { loads[center]?.status = .dark }
        let inside = Fixtures.shares(RoutingSituation(topology: topology, loads: loads), branch: "hubei", channel: .voice, count: 200)
        #expect(Set(inside.centers.keys) == [wuhanPlan[0]], "one center of the plan still answers: all of it goes there")

        loads[wuhanPlan[0]]?.status = .dark
        let beyond = Fixtures.shares(RoutingSituation(topology: topology, loads: loads), branch: "hubei", channel: .voice, count: 200)
        #expect(!beyond.centers.isEmpty && beyond.centers.keys.allSatisfy { !wuhanPlan.contains($0) && $0 != "wuhan" })
        #expect(beyond.decisions[0].steps.contains { $0.rule == "beyond-plan" && $0.detail.hasPrefix("no center of wuhan's plan can take voice") })
    }
}
