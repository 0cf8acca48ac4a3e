import ContactCenter
import Testing

@Suite("Routing")
struct RouterTests {
    @Test("a contact goes home when its home center is up and not overloaded")
    func home() throws {
        let topology = try Fixtures.china2020()
        let decision = Router.route(
            ContactRequest(id: 1, channel: .voice, branch: "hubei"), in: RoutingSituation(topology: topology, loads: Fixtures.quiet(topology)))
        #expect(decision.outcome == .assigned(center: "wuhan", channel: .voice, reason: .home))
        #expect(decision.steps.map(\.rule) == ["home"])
    }

    @Test("past the overflow threshold a contact goes to the least expected wait, with the figures in its explanation")
    func overflow() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.waiting[.voice] = 80
        loads["wuhan"]?.oldestWaitMs[.voice] = 90_000
        loads["chengdu"]?.waiting[.voice] = 10
        let decision = Router.route(ContactRequest(id: 2, channel: .voice, branch: "hunan"), in: RoutingSituation(topology: topology, loads: loads))
        #expect(decision.outcome == .assigned(center: "beijing", channel: .voice, reason: .overflow))
        let overflow = try #require(decision.steps.first { $0.rule == "overflow" })
        #expect(overflow.detail.contains("wuhan has 80 waiting on voice") && overflow.detail.contains("beijing expects"))
    }

    @Test("Wuhan dark: Hubei's calls follow the weighted plan, SMS becomes chat, nothing is unroutable")
    func wuhanDark() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.status = .dark
        let situation = RoutingSituation(topology: topology, loads: loads)
        let voice = Fixtures.shares(situation, branch: "hubei", channel: .voice, count: 10_000)
        #expect(voice.centers["wuhan"] == nil)
        #expect(voice.decisions.allSatisfy { if case .assigned(_, .voice, .failover) = $0.outcome { true } else { false } })
        // Weights 50/15/15/10/10: Chengdu about half, within a few percent over 10,000 contacts.
        #expect((4_700...5_300).contains(voice.centers["chengdu"] ?? 0), "\(voice.centers)")
        #expect((1_300...1_700).contains(voice.centers["zhengzhou"] ?? 0), "\(voice.centers)")
        let sms = Router.route(ContactRequest(id: 7, channel: .sms, branch: "hunan"), in: situation)
        guard case .assigned(let center, .chat, .redirect) = sms.outcome else {
            Issue.record("SMS to dark Wuhan was not redirected to chat: \(sms)")
            return
        }
        #expect(center != "wuhan")
        #expect(sms.steps.first?.rule == "sms-to-chat")
    }

    @Test("4 February: Chengdu's intake refuses Wuhan's overflow; the rest of the plan takes it, and says why")
    func brokenBackupRoute() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.status = .dark
        let situation = RoutingSituation(topology: topology, loads: loads, brokenRoutes: [BrokenRoute(from: "wuhan", to: "chengdu")])
        let voice = Fixtures.shares(situation, branch: "hubei", channel: .voice, count: 2_000)
        #expect(voice.centers["chengdu"] == nil && voice.centers["wuhan"] == nil)
        #expect(voice.centers.values.reduce(0, +) == 2_000)
        #expect(voice.decisions[0].steps.contains { $0.rule == "broken-route" && $0.detail.contains("wuhan → chengdu") })
    }

    @Test("a center dark on one channel keeps serving the others")
    func darkPerChannel() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.darkChannels = [.voice]
        let situation = RoutingSituation(topology: topology, loads: loads)
        #expect(Router.route(ContactRequest(id: 3, channel: .chat, branch: "hubei"), in: situation).center == "wuhan")
        #expect(Router.route(ContactRequest(id: 3, channel: .voice, branch: "hubei"), in: situation).center != "wuhan")
    }

    @Test("a recovering center gets its step's share of its own traffic back, and no more")
    func failbackSteps() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.status = .recovering
        for (step, percent) in topology.policy.failbackStepsPercent.enumerated() {
            loads["wuhan"]?.failbackStep = step
            let shares = Fixtures.shares(RoutingSituation(topology: topology, loads: loads), branch: "hubei", channel: .voice, count: 4_000)
            let home = Double(shares.centers["wuhan"] ?? 0) / 4_000 * 100
            #expect(abs(home - Double(percent)) < 3, "step \(step): \(home)% home, expected \(percent)%")
        }
    }

    @Test("with every backup dark the contact is unroutable, and the explanation says so")
    func unroutable() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        for center in topology.centers { loads[center.id]?.status = .dark }
        let decision = Router.route(ContactRequest(id: 4, channel: .voice, branch: "hubei"), in: RoutingSituation(topology: topology, loads: loads))
        #expect(decision.outcome == .unroutable)
        #expect(decision.steps.last?.rule == "unroutable")
        let unknown = Router.route(ContactRequest(id: 5, channel: .voice, branch: "atlantis"), in: RoutingSituation(topology: topology, loads: loads))
        #expect(unknown.outcome == .unroutable && unknown.steps.map(\.rule) == ["no-home"])
    }

    @Test("the same contact in the same situation gets the same decision")
    func deterministic() throws {
        let topology = try Fixtures.china2020()
        var loads = Fixtures.quiet(topology)
        loads["wuhan"]?.status = .draining
        let situation = RoutingSituation(topology: topology, loads: loads)
        for id in 0..<UInt64(200) {
            let contact = ContactRequest(id: id, channel: .voice, branch: "hunan")
            #expect(Router.route(contact, in: situation) == Router.route(contact, in: situation))
        }
    }
}
