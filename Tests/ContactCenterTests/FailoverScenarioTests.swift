import ContactCenter
import Testing

/// The 2020 and 2021 nights, on the eight centers of Deploy/topology/china-2020.json.
@Suite("Failover scenarios")
struct FailoverScenarioTests {
    static let wuhanBranches: Set<String> = ["hubei", "hunan"]

    /// Steady load: every branch sends a voice contact, and Hubei and Hunan also chat, each second.
    static func steadyLoad(_ harness: inout StateHarness, seconds: Int, channels: [Channel] = [.voice, .chat]) {
        let branches = harness.state.topology.centers.flatMap(\.branches).sorted()
        for second in 0..<seconds {
            _ = harness.enqueue(branches[second % branches.count], .voice)
            for branch in wuhanBranches.sorted() {
                for channel in channels { _ = harness.enqueue(branch, channel) }
            }
            harness.run(forMs: 1_000)
        }
    }

    @Test("Wuhan dark under steady load: Hubei and Hunan are served elsewhere by the plan, SMS becomes chat, nothing is lost")
    func wuhanDark() throws {
        var harness = try StateHarness.china2020()
        harness.staffAll(perChannel: 3)
        Self.steadyLoad(&harness, seconds: 20)
        let inServiceAtWuhan = harness.live(at: "wuhan").filter { $0.state == .inService }.map(\.id)
        #expect(!harness.live(at: "wuhan").isEmpty)

        harness.must(.centerBlackout(center: "wuhan"))
        #expect(harness.live(at: "wuhan").isEmpty, "\(harness.live(at: "wuhan"))")
        for id in inServiceAtWuhan {
            let ended = try #require(harness.state.contact(id))
            #expect(ended.state == .redirected)
            let callback = try #require(ended.callback.flatMap { harness.state.contacts[$0] })
            #expect(callback.channel == .callback && callback.center != "wuhan" && callback.replaces == id)
        }
        #expect(harness.state.agents.values.allSatisfy { $0.homeCenter != "wuhan" || $0.state == .offline })

        let firstAfter = harness.state.nextContactID
        let placedBefore = harness.placements.count
        for _ in 0..<500 { _ = harness.enqueue("hubei") }
        let shares = Dictionary(grouping: harness.placements[placedBefore...], by: \.center).mapValues(\.count)
        #expect(shares["wuhan"] == nil)
        // Wuhan's plan: Chengdu 50, Zhengzhou 15, Hefei 15, Guangzhou 10, Nanning 10.
        for (center, percent) in [("chengdu", 50), ("zhengzhou", 15), ("hefei", 15), ("guangzhou", 10), ("nanning", 10)] {
            let observed = Double(shares[center] ?? 0) / 5
            #expect(abs(observed - Double(percent)) < 5, "\(center): \(observed)% against \(percent)%")
        }
        let sms = harness.enqueue("hunan", .sms)
        let redirected = try #require(harness.state.contacts[sms])
        #expect(redirected.channel == .chat && redirected.originalChannel == .sms && redirected.reason == .redirect)
        #expect(redirected.center != "wuhan" && redirected.explanation.first?.rule == "sms-to-chat")

        for center in harness.state.topology.centers.map(\.id).sorted() where center != "wuhan" {
            harness.staff([center], perChannel: 10, channels: [.voice])
        }
        Self.steadyLoad(&harness, seconds: 10, channels: [.voice])
        harness.runUntilIdle(maxMs: 600_000)
        #expect(harness.state.contacts.isEmpty, "\(harness.state.contacts.count) still live")
        let totals = harness.state.totals
        #expect(totals.enqueued == totals.done + totals.redirected && totals.abandoned == 0)
        let servedAfter = harness.state.finished.filter { $0.id >= firstAfter && Self.wuhanBranches.contains($0.branch) }
        #expect(!servedAfter.isEmpty && servedAfter.allSatisfy { $0.state == .done && $0.center != "wuhan" })
    }

    @Test("Wuhan's node goes silent: the leader's detection commits dark, with the same failover")
    func detectedDark() throws {
        var harness = try StateHarness.china2020()
        harness.staffAll(perChannel: 2)
        Self.steadyLoad(&harness, seconds: 5)
        harness.must(.setCenterStatus(center: "wuhan", status: .dark))
        #expect(harness.live(at: "wuhan").isEmpty)
        #expect(harness.must(.setCenterStatus(center: "wuhan", status: .dark)) == nil, "committing it twice changes nothing")
    }

    @Test("4 February: Chengdu refuses Wuhan's overflow; the next center of the plan takes it, queued ones move, and the explanation says why")
    func brokenRoute() throws {
        var harness = try StateHarness.china2020()
        harness.must(.centerBlackout(center: "wuhan"))
        let before = (0..<200).map { _ in harness.enqueue("hubei") }
        let atChengdu = before.filter { harness.state.contacts[$0]?.center == "chengdu" }
        #expect(!atChengdu.isEmpty)

        harness.must(.routeBroken(from: "wuhan", to: "chengdu", broken: true))
        #expect(harness.state.brokenRoutes.keys.sorted { $0.to < $1.to } == [BrokenRoute(from: "wuhan", to: "chengdu")])
        #expect(harness.state.brokenRoutes.values.first?.why == "an operator marked it broken")
        for id in atChengdu {
            let moved = try #require(harness.state.contacts[id])
            #expect(moved.center != "chengdu" && moved.center != "wuhan" && moved.enqueuedAtMs == 0)
            #expect(moved.explanation.contains { $0.rule == "broken-route" && $0.detail.contains("wuhan → chengdu") })
        }
        let after = (0..<500).map { _ in harness.enqueue("hunan") }
        #expect(after.allSatisfy { harness.state.contacts[$0]?.center != "chengdu" })

        harness.must(.routeBroken(from: "wuhan", to: "chengdu", broken: false))
        let repaired = (0..<100).map { _ in harness.enqueue("hunan") }
        #expect(repaired.contains { harness.state.contacts[$0]?.center == "chengdu" })
    }

    @Test("Chengdu's intake refuses one of Wuhan's contacts: the route breaks, saying why, and Wuhan's contacts there move on")
    func intakeRefusal() throws {
        var harness = try StateHarness.china2020()
        let own = harness.enqueue("sichuan")
        #expect(harness.state.contacts[own]?.center == "chengdu")
        harness.must(.centerBlackout(center: "wuhan"))
        let sent = (0..<200).map { _ in harness.enqueue("hubei") }
        let atChengdu = sent.filter { harness.state.contacts[$0]?.center == "chengdu" }
        let refused = try #require(atChengdu.first)
        #expect(harness.state.apply(.intakeRefused(contact: own, center: "chengdu"), atMs: harness.clockMs).isApplied == false,
                "a center cannot refuse its own branch's contact")

        harness.must(.intakeRefused(contact: refused, center: "chengdu"))
        let route = try #require(harness.state.brokenRoutes[BrokenRoute(from: "wuhan", to: "chengdu")])
        #expect(route.why == "chengdu refused contact \(refused) from wuhan")
        #expect(atChengdu.allSatisfy { harness.state.contacts[$0]?.center != "chengdu" })
        #expect(harness.state.contacts[own]?.center == "chengdu", "Chengdu keeps its own customers")
        #expect(harness.state.apply(.intakeRefused(contact: refused, center: "chengdu"), atMs: harness.clockMs).isApplied == false,
                "the contact is no longer there to refuse")
    }

    @Test("Chengdu's agents never get Wuhan's calls: offers expire at three different agents over half a minute, and the route breaks by itself")
    func unansweredRoute() throws {
        var topology = try Fixtures.china2020()
        let wuhan = try #require(topology.centers.firstIndex { $0.id == "wuhan" })
        topology.centers[wuhan].disasterRecovery.weights = ["chengdu": 100]
        var harness = try StateHarness(topology: topology)
        harness.staff(["chengdu"], perChannel: 3, channels: [.voice])
        harness.must(.centerBlackout(center: "wuhan"))
        let agents = (0..<3).map { "chengdu-voice-\($0)" }
        let route = BrokenRoute(from: "wuhan", to: "chengdu")
        // One stalled client: three offers expire at once. Distinct agents, but no span of time.
        let first = (0..<3).map { _ in harness.enqueue("hubei") }
        #expect(first.allSatisfy { harness.state.contacts[$0]?.state == .offered && harness.state.contacts[$0]?.center == "chengdu" })
        harness.clockMs += Int64(harness.state.policy.offerTimeoutMs)
        harness.must(.tick)
        #expect(harness.state.brokenRoutes[route] == nil, "expiries at one instant are a stalled client, not a broken route")
        // Half a minute later the same agents, back, let the offers ring out again: now it breaks.
        harness.clockMs += 30_000
        for agent in agents { harness.must(.agentReady(agent: agent)) }
        #expect(first.allSatisfy { harness.state.contacts[$0]?.state == .offered })
        harness.clockMs += Int64(harness.state.policy.offerTimeoutMs)
        harness.must(.tick)
        let broken = try #require(harness.state.brokenRoutes[route])
        #expect(broken.why == "offers of wuhan's contacts expired unanswered at 3 agents of chengdu over 50 s")
        #expect(broken.probeFromMs == harness.clockMs + harness.state.settings.brokenRouteProbeAfterMs)
        #expect(first.allSatisfy { harness.state.contacts[$0]?.center != "chengdu" }, "the next centers of the plan take them")
    }

    @Test("two centers dark at once (2021): each plan skips the other, nothing is lost")
    func twoDark() throws {
        var harness = try StateHarness.china2020()
        harness.staffAll(perChannel: 2)
        Self.steadyLoad(&harness, seconds: 5)
        for _ in 0..<30 { _ = harness.enqueue("henan") }
        harness.must(.centerBlackout(center: "wuhan"))
        harness.must(.centerBlackout(center: "zhengzhou"))
        #expect(harness.live(at: "wuhan").isEmpty && harness.live(at: "zhengzhou").isEmpty)
        let henan = (0..<300).map { _ in harness.enqueue("henan") }
        let centers = Set(henan.compactMap { harness.state.contacts[$0]?.center })
        #expect(centers.isSubset(of: ["beijing", "chengdu", "hefei"]) && centers.count == 3, "\(centers)")
        #expect(harness.state.contacts.values.allSatisfy { !$0.unroutable })
        let queued = harness.state.contacts.values.filter { $0.state == .queued }
        #expect(queued.allSatisfy { !["wuhan", "zhengzhou"].contains($0.center) })
    }

    @Test("every center dark: contacts wait flagged unroutable, and are routed as soon as a center is back")
    func allDark() throws {
        var harness = try StateHarness.china2020()
        for center in harness.state.topology.centers.map(\.id).sorted() { harness.must(.centerBlackout(center: center)) }
        let id = harness.enqueue("hubei")
        #expect(harness.state.contacts[id]?.unroutable == true && harness.state.contacts[id]?.explanation.last?.rule == "unroutable")
        harness.must(.centerRestore(center: "chengdu"))
        harness.run(forMs: 1_000)
        #expect(harness.state.contacts[id]?.unroutable == true, "a recovering center takes no one else's traffic")
        harness.must(.setCenterStatus(center: "chengdu", status: .up))
        harness.run(forMs: 1_000)
        #expect(harness.state.contacts[id]?.center == "chengdu" && harness.state.contacts[id]?.unroutable == false)
    }

    @Test("Wuhan dark on voice only: nobody ready on voice while calls wait; chat stays, voice comes back with its agents")
    func darkOnVoiceOnly() throws {
        var settings = StateSettings()
        settings.channelUnstaffedDarkAfterMs = 30_000
        var harness = try StateHarness.china2020(settings: settings)
        harness.staff(["wuhan"], perChannel: 1, channels: [.chat])
        harness.staff(["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"], perChannel: 1, channels: [.voice])
        let calls = (0..<5).map { _ in harness.enqueue("hubei", .voice) }
        #expect(calls.allSatisfy { harness.state.contacts[$0]?.center == "wuhan" })
        // The window runs from the first tick that sees the calls unattended (t = 1 s).
        harness.run(forMs: 30_000)
        #expect(harness.state.centers["wuhan"]?.darkChannels.isEmpty == true)
        harness.run(forMs: 1_000)
        #expect(harness.state.centers["wuhan"]?.darkChannels == [.voice] && harness.state.centers["wuhan"]?.status == .up)
        for id in calls {
            let moved = try #require(harness.state.contacts[id])
            #expect(moved.center != "wuhan" && moved.reason == .failover && moved.enqueuedAtMs == 0)
        }
        let chat = harness.enqueue("hunan", .chat)
        let call = harness.enqueue("hunan", .voice)
        #expect(harness.state.contacts[chat]?.center == "wuhan" && harness.state.contacts[call]?.center != "wuhan")

        harness.must(.agentLogin(agent: "wuhan-voice-back", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        harness.must(.tick)
        #expect(harness.state.centers["wuhan"]?.darkChannels.isEmpty == true)
        let back = harness.enqueue("hunan", .voice)
        #expect(harness.state.contacts[back]?.center == "wuhan")
    }
}
