import ContactCenter
import Testing

@Suite("Capacity plan")
struct CapacityPlanTests {
    /// One branch per center, so that per-branch arrivals are per-center arrivals.
    static func network(
        wuhanPlan: DisasterRecoveryPlan, staffing: [String: [Channel: Int]] = [:], smsBecomesChat: Bool = true
    ) -> Topology {
        var policy = RoutingPolicy()
        policy.averageHandleMs = [.voice: 180_000, .chat: 300_000, .sms: 60_000]
        policy.smsBecomesChatWhenDark = smsBecomesChat
        let centers = ["wuhan", "chengdu", "hefei", "beijing"].map { id in
            CenterSpec(
                id: id, name: id, region: "", branches: ["\(id)-branch"],
                agentCapacity: staffing[id] ?? [.voice: 40, .chat: 20, .sms: 5],
                disasterRecovery: id == "wuhan" ? wuhanPlan : DisasterRecoveryPlan())
        }
        return Topology(centers: centers, policy: policy)
    }

    static func demand(_ topology: Topology, _ arrivals: [Channel: Double], shrinkage: Double = 0) -> CapacityDemand {
        var demand = CapacityDemand(policy: topology.policy, arrivalsPerHourPerBranch: arrivals)
        demand.shrinkage = shrinkage
        return demand
    }

    static func line(_ report: CapacityReport, _ center: String, _ channel: Channel) -> CapacityLine? {
        report.lines.first { $0.center == center && $0.channel == channel }
    }

    /// CONTACT-CENTER.md's worked example, also Call Centre Helper's "Erlang C formula made simple":
    /// 100 calls in 30 minutes, 180 s handle time, 80 % in 20 s: 14 agents; with 30 % shrinkage, 20.
    @Test("the worked example: 200 calls an hour at 180 s need 14 agents, 20 on the roster with 30 % shrinkage")
    func workedExample() throws {
        let topology = Self.network(wuhanPlan: DisasterRecoveryPlan(), staffing: ["wuhan": [.voice: 15]])
        let report = CapacityPlan.report(topology: topology, demand: Self.demand(topology, [.voice: 200], shrinkage: 0.3))
        let wuhan = try #require(Self.line(report, "wuhan", .voice))
        #expect(abs(wuhan.trafficErlangs - 10) < 1e-9)
        #expect(wuhan.agentsNeeded == 14 && wuhan.agentsToSchedule == 20)
        #expect(wuhan.staffed == 15 && wuhan.short == 5)
        // 15 staffed less 30 % is 10 agents on the phones for 10 Erlangs: they cannot keep up.
        #expect(wuhan.serviceLevelAsStaffed == 0)
        #expect(report.totalShort == 5, "every other center staffs 40 voice agents: \(report.lines)")
    }

    @Test("a dark center's traffic goes to its plan by the plan's weights, and SMS arrives as chat")
    func darkByWeights() throws {
        let plan = DisasterRecoveryPlan(sharing: .weights, order: ["chengdu", "hefei"], weights: ["chengdu": 3, "hefei": 1])
        let topology = Self.network(wuhanPlan: plan)
        let report = CapacityPlan.report(
            topology: topology, demand: Self.demand(topology, [.voice: 100, .chat: 40, .sms: 20]), dark: ["wuhan"])
        #expect(report.dark == ["wuhan"] && !report.lines.contains { $0.center == "wuhan" })
        let chengduVoice = try #require(Self.line(report, "chengdu", .voice))
        #expect(chengduVoice.arrivalsPerHour == 175 && chengduVoice.fromDarkCentersPerHour == 75)
        let hefeiVoice = try #require(Self.line(report, "hefei", .voice))
        #expect(hefeiVoice.fromDarkCentersPerHour == 25)
        // Wuhan's 40 chats and 20 SMS (now chats) split 3 : 1; its SMS adds nothing to anyone's SMS.
        #expect(Self.line(report, "chengdu", .chat)?.fromDarkCentersPerHour == 45)
        #expect(Self.line(report, "hefei", .chat)?.fromDarkCentersPerHour == 15)
        #expect(Self.line(report, "chengdu", .sms)?.fromDarkCentersPerHour == 0)
        #expect(Self.line(report, "beijing", .voice)?.fromDarkCentersPerHour == 0)
        #expect(report.unserved.isEmpty)

        let keepsSMS = Self.network(wuhanPlan: plan, smsBecomesChat: false)
        let kept = CapacityPlan.report(topology: keepsSMS, demand: Self.demand(keepsSMS, [.sms: 20]), dark: ["wuhan"])
        #expect(Self.line(kept, "chengdu", .sms)?.fromDarkCentersPerHour == 15)
    }

    @Test("by spare capacity: each backup in proportion to its staffed agents less those its own traffic needs")
    func darkBySpareCapacity() throws {
        let plan = DisasterRecoveryPlan(sharing: .spareCapacity, order: ["chengdu", "hefei"])
        let topology = Self.network(wuhanPlan: plan, staffing: ["chengdu": [.voice: 34], "hefei": [.voice: 24]])
        // 200 calls an hour at 180 s need 14 agents at each backup: 20 spare at Chengdu, 10 at Hefei.
        let report = CapacityPlan.report(topology: topology, demand: Self.demand(topology, [.voice: 200]), dark: ["wuhan"])
        let chengdu = try #require(Self.line(report, "chengdu", .voice))
        let hefei = try #require(Self.line(report, "hefei", .voice))
        #expect(abs(chengdu.fromDarkCentersPerHour - 200.0 * 20 / 30) < 1e-9)
        #expect(abs(hefei.fromDarkCentersPerHour - 200.0 * 10 / 30) < 1e-9)
        #expect(chengdu.short == 0 || chengdu.agentsToSchedule.map { $0 - 34 } == chengdu.short)
    }

    @Test("a plan whose centers do not staff the channel goes beyond the plan; with nobody at all, the traffic is unserved")
    func beyondThePlanAndUnserved() throws {
        let plan = DisasterRecoveryPlan(sharing: .weights, order: ["chengdu"], weights: ["chengdu": 1])
        let topology = Self.network(
            wuhanPlan: plan, staffing: ["wuhan": [.voice: 40, .chat: 10], "chengdu": [.voice: 40], "hefei": [.voice: 40], "beijing": [.chat: 20]])
        var demand = Self.demand(topology, [.voice: 100, .chat: 30, .sms: 0])
        demand.centerArrivalsPerHour["beijing"] = [.chat: 30]
        let report = CapacityPlan.report(topology: topology, demand: demand, dark: ["wuhan", "beijing"])
        #expect(Self.line(report, "chengdu", .voice)?.fromDarkCentersPerHour == 100)
        // Chat: Chengdu staffs none, so beyond the plan: Hefei staffs none either, Beijing is dark.
        #expect(report.unserved.map(\.from).sorted() == ["beijing", "wuhan"])
        #expect(report.unserved.allSatisfy { $0.channel == .chat && $0.arrivalsPerHour == 30 })
        // A center that staffs nobody on a channel with traffic is short of the whole roster.
        let hefeiChat = try #require(Self.line(report, "hefei", .chat))
        #expect(hefeiChat.staffed == 0 && hefeiChat.short == hefeiChat.agentsToSchedule)
    }

    @Test("the 2020 topology: Wuhan dark sends Chengdu half of Hubei's and Hunan's calls, as its plan weighs it")
    func wuhan2020() throws {
        let topology = try Fixtures.china2020()
        let demand = CapacityDemand(policy: topology.policy, arrivalsPerHourPerBranch: [.voice: 150])
        let before = CapacityPlan.report(topology: topology, demand: demand)
        let after = CapacityPlan.report(topology: topology, demand: demand, dark: ["wuhan"])
        let chengduBefore = try #require(Self.line(before, "chengdu", .voice))
        let chengduAfter = try #require(Self.line(after, "chengdu", .voice))
        #expect(chengduBefore.arrivalsPerHour == 13 * 150)
        #expect(chengduAfter.fromDarkCentersPerHour == 150, "50 of 100 weight points of Wuhan's 2 × 150 calls an hour")
        #expect((chengduAfter.agentsNeeded ?? 0) > (chengduBefore.agentsNeeded ?? 0))
    }

    @Test("staffing given (the agents present) replaces the topology's, and a center missing from it staffs nobody")
    func presentStaffing() {
        let topology = Self.network(wuhanPlan: DisasterRecoveryPlan())
        let report = CapacityPlan.report(
            topology: topology, demand: Self.demand(topology, [.voice: 200]), staffing: ["wuhan": [.voice: 30], "chengdu": [.chat: 4]])
        #expect(Self.line(report, "wuhan", .voice)?.staffed == 30 && Self.line(report, "wuhan", .voice)?.short == 0)
        #expect(Self.line(report, "chengdu", .voice)?.staffed == 0 && Self.line(report, "chengdu", .voice)?.short == 14)
        #expect(Self.line(report, "hefei", .voice)?.staffed == 0)
    }

    @Test("figures it cannot use are named")
    func problems() {
        let topology = Self.network(wuhanPlan: DisasterRecoveryPlan())
        var demand = Self.demand(topology, [.voice: 10])
        #expect(demand.problem == nil)
        demand.shrinkage = 1
        #expect(demand.problem?.contains("shrinkage") == true)
        demand.shrinkage = 0
        demand.serviceLevelTarget = 1
        #expect(demand.problem?.contains("target") == true)
        demand.serviceLevelTarget = 0.8
        demand.arrivalsPerHourPerBranch[.chat] = -1
        #expect(demand.problem?.contains("arrivals") == true)
        demand.arrivalsPerHourPerBranch[.chat] = 1
        demand.averageHandleSeconds[.chat] = 0
        #expect(demand.problem?.contains("chat") == true)
        demand.averageHandleSeconds[.chat] = 300
        demand.arrivalsPerHourPerBranch[.email] = 5
        #expect(demand.problem == "no average handle time for email")
    }
}
