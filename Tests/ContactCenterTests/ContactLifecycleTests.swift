import ContactCenter
import Foundation
import Testing

@Suite("Contact lifecycle")
struct ContactLifecycleTests {
    @Test("queued → offered → in service → done, with the service counters and figures")
    func lifecycle() throws {
        var harness = try StateHarness.china2020()
        harness.must(.agentLogin(agent: "w1", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        let id = harness.enqueue("hubei")
        #expect(harness.state.contacts[id]?.state == .offered && harness.state.contacts[id]?.agent == "w1")
        #expect(harness.state.contacts[id]?.reason == .home && harness.state.contacts[id]?.explanation.first?.rule == "home")
        harness.clockMs = 5_000
        harness.must(.accept(contact: id, agent: "w1"))
        harness.clockMs = 65_000
        harness.must(.complete(contact: id))
        #expect(harness.state.agents["w1"]?.state == .wrapUp)
        harness.clockMs = 75_000
        harness.must(.agentWrapUpDone(agent: "w1"))
        #expect(harness.state.contact(id)?.state == .done && harness.state.contacts.isEmpty)
        let figures = harness.state.serviceFigures(center: "wuhan", channel: .voice)
        #expect(figures.serviceLevel == 1 && figures.averageSpeedOfAnswerMs == 5_000 && figures.abandonmentRate == 0)
        #expect(harness.state.counters[ServiceKey(center: "wuhan", channel: .voice)]?.handleMs == 70_000)
        #expect(figures.occupancy == 1 && figures.trafficShare == 1)
    }

    @Test("emergencies first, then the green channel, then the oldest; the longest-ready agent first")
    func order() throws {
        var harness = try StateHarness.china2020()
        let normal = harness.enqueue("hubei", .voice, .normal)
        harness.clockMs = 1_000
        let green = harness.enqueue("hunan", .voice, .greenChannel)
        harness.clockMs = 2_000
        let emergency = harness.enqueue("hubei", .voice, .emergency)
        harness.must(.agentLogin(agent: "early", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        #expect(harness.state.contacts[emergency]?.agent == "early")
        harness.clockMs = 3_000
        harness.must(.agentLogin(agent: "late", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        #expect(harness.state.contacts[green]?.agent == "late")
        #expect(harness.state.contacts[normal]?.state == .queued)
    }

    @Test("an offer not accepted in time returns to the queue and the silent agent is logged off")
    func offerTimeout() throws {
        var harness = try StateHarness.china2020()
        harness.must(.agentLogin(agent: "w1", homeCenter: "wuhan", skills: ["general"], channels: [.chat]))
        let id = harness.enqueue("hubei", .chat)
        harness.clockMs = Int64(harness.state.policy.offerTimeoutMs)
        harness.must(.tick)
        #expect(harness.state.contacts[id]?.state == .queued && harness.state.contacts[id]?.agent == nil)
        #expect(harness.state.agents["w1"]?.state == .offline)
        #expect(harness.apply(.accept(contact: id, agent: "w1")) == .refused(.conflict("contact \(id) is queued and not offered to w1")))
    }

    @Test("a customer waiting past patience abandons, counted against the queue")
    func patience() throws {
        var topology = try Fixtures.china2020()
        topology.policy.patienceMs = 30_000
        var harness = try StateHarness(topology: topology)
        let id = harness.enqueue("sichuan", .email)
        harness.clockMs = 30_000
        harness.must(.tick)
        #expect(harness.state.contact(id)?.state == .abandoned)
        #expect(harness.state.serviceFigures(center: "chengdu", channel: .email).abandonmentRate == 1)
    }

    @Test("a skill only the lent agent has is served by it at the center it is lent to, and the lend is recorded")
    func lend() throws {
        var harness = try StateHarness.china2020()
        harness.must(.agentLogin(agent: "c1", homeCenter: "chengdu", skills: ["collections"], channels: [.voice]))
        harness.must(.agentOffline(agent: "c1"))
        harness.must(.agentLend(agent: "c1", toCenter: "wuhan", extraSkills: ["general"], by: "li.wei"))
        #expect(harness.state.agents["c1"]?.lend?.by == "li.wei")
        harness.must(.agentReady(agent: "c1"))
        let id = harness.enqueue("hubei")
        #expect(harness.state.contacts[id]?.agent == "c1" && harness.state.contacts[id]?.center == "wuhan")
        #expect(harness.apply(.agentReturn(agent: "c1", by: "li.wei")).isApplied == false)
    }

    @Test("refused commands change nothing, say which kind of no they are, and nothing traps on nonsense")
    func refusals() throws {
        var harness = try StateHarness.china2020()
        _ = harness.enqueue("hubei")
        let before = harness.state
        harness.clockMs = 50_000
        let nonsense: [(command: Command, kind: Refusal.Kind)] = [
            (.enqueue(channel: .voice, branch: "atlantis", segment: .normal, skill: "general"), .notFound),
            (.enqueue(channel: .voice, branch: "hubei", segment: .normal, skill: ""), .invalid),
            (.accept(contact: 99, agent: "nobody"), .notFound), (.complete(contact: 1), .conflict),
            (.complete(contact: .max), .notFound),
            (.agentLogin(agent: "", homeCenter: "wuhan", skills: ["general"], channels: [.voice]), .invalid),
            (.agentLogin(agent: "x", homeCenter: "wuhan", skills: [], channels: [.voice]), .invalid),
            (.agentLogin(agent: "x", homeCenter: "mars", skills: ["general"], channels: [.voice]), .notFound),
            (.agentReady(agent: "nobody"), .notFound), (.agentOffline(agent: "nobody"), .notFound),
            (.agentWrapUpDone(agent: "nobody"), .notFound), (.centerRestore(center: "wuhan"), .conflict),
            (.centerUndrain(center: "wuhan"), .conflict), (.centerDrain(center: "mars"), .notFound),
            (.routeBroken(from: "wuhan", to: "wuhan", broken: true), .invalid),
            (.agentLend(agent: "nobody", toCenter: "wuhan", extraSkills: [], by: "x"), .notFound),
        ]
        for (command, kind) in nonsense {
            guard case .refused(let refusal) = harness.apply(command) else {
                Issue.record("\(command) was applied")
                continue
            }
            #expect(!refusal.message.isEmpty)
            #expect(refusal.kind == kind, "\(command): \(refusal.message)")
            #expect(harness.state == before, "\(command) changed the state")
        }
        #expect(!harness.state.apply(.tick, atMs: -1).isApplied && !harness.state.apply(.tick, atMs: .max).isApplied)
    }

    @Test("the live contacts are bounded: past the limit an enqueue is refused, with the reason")
    func bounded() throws {
        var settings = StateSettings()
        settings.maxLiveContacts = 3
        settings.maxRetainedContacts = 2
        var harness = try StateHarness.china2020(settings: settings)
        for _ in 0..<3 { _ = harness.enqueue("hubei") }
        guard case .refused(let refusal) = harness.apply(.enqueue(channel: .voice, branch: "hubei", segment: .normal, skill: "general")) else {
            Issue.record("a fourth live contact was accepted")
            return
        }
        #expect(refusal.message.contains("3 contacts are live"))
        harness.staffAll(perChannel: 1)
        harness.run(forMs: 30_000)
        #expect(harness.state.contacts.isEmpty && harness.state.finished.count == 2 && harness.state.totals.done == 3)
        #expect(harness.state.nextContactID == 4)
    }

    @Test("commands survive a JSON round trip, as the log stores them")
    func codable() throws {
        let commands: [Command] = [
            .enqueue(channel: .sms, branch: "hubei", segment: .greenChannel, skill: "loans"), .tick,
            .agentLend(agent: "a", toCenter: "chengdu", extraSkills: ["loans"], by: "ops"),
            .setCenterStatus(center: "wuhan", status: .dark), .routeBroken(from: "wuhan", to: "chengdu", broken: true),
        ]
        let decoded = try JSONDecoder().decode([Command].self, from: JSONEncoder().encode(commands))
        #expect(decoded == commands)
    }
}
