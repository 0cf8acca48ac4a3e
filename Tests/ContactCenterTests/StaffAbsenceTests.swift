import ContactCenter
import Testing

/// 23 January 2020 as it was: Wuhan's servers stayed up and its people could not come in.
@Suite("Staff absent")
struct StaffAbsenceTests {
    static func settings() -> StateSettings {
        var settings = StateSettings()
        settings.staffAbsentDarkAfterMs = 30_000
        settings.holdDownMs = 60_000
        settings.maxHoldDownMs = 600_000
        settings.failbackStepIntervalMs = 20_000
        settings.failbackMinPresentAgents = 2
        return settings
    }

    static let backups = ["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"]

    /// Wuhan staffed with three agents, the plan's centers with two per channel, a clock entry seen.
    static func staffed() throws -> StateHarness {
        var harness = try StateHarness.china2020(settings: settings())
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice, .chat, .sms])
        harness.staff(backups, perChannel: 2, channels: [.voice, .chat])
        harness.run(forMs: 1_000)
        return harness
    }

    /// Every agent serving at `center` finishes and logs out.
    static func leave(_ center: String, _ harness: inout StateHarness) {
        for agent in harness.state.agents.values.filter({ $0.servingCenter == center && $0.state != .offline }).map(\.id).sorted() {
            if let contact = harness.state.agents[agent]?.contact, harness.state.contacts[contact]?.state == .inService {
                harness.must(.complete(contact: contact))
            }
            harness.must(.agentOffline(agent: agent))
        }
    }

    @Test("every Wuhan agent leaves with the node up: dark for staff-absent within the window plus one clock entry; the plan takes Hubei and Hunan, SMS becomes chat, queued contacts move keeping their wait")
    func wuhanEmpties() throws {
        var harness = try Self.staffed()
        let waiting = (0..<6).map { _ in harness.enqueue("hubei") }
        harness.run(forMs: 1_000, handleMs: 1 << 40)
        let leftAtMs = harness.clockMs
        Self.leave("wuhan", &harness)
        let queued = harness.live(at: "wuhan").filter { $0.state == .queued }
        #expect(!queued.isEmpty)
        var darkAtMs: Int64?
        while harness.clockMs < leftAtMs + 40_000, darkAtMs == nil {
            harness.clockMs += 1_000
            harness.must(.tick)
            if harness.state.centers["wuhan"]?.status == .dark { darkAtMs = harness.clockMs }
        }
        let darkAt = try #require(darkAtMs)
        #expect(darkAt >= leftAtMs + 30_000 && darkAt <= leftAtMs + 31_000, "dark \(darkAt - leftAtMs) ms after the last agent left")
        #expect(harness.state.centers["wuhan"]?.reason == .staffAbsent)
        for contact in queued {
            let moved = try #require(harness.state.contacts[contact.id])
            #expect(moved.center != "wuhan" && moved.reason == .failover && moved.enqueuedAtMs == contact.enqueuedAtMs)
            #expect(Self.backups.contains(moved.center), "re-homed inside Wuhan's plan")
        }
        let callID = harness.enqueue("hunan")
        let call = try #require(harness.state.contacts[callID])
        #expect(call.reason == .failover && Self.backups.contains(call.center))
        #expect(call.explanation.first?.detail.contains("dark (staff-absent)") == true, "\(call.explanation)")
        let smsID = harness.enqueue("hubei", .sms)
        let sms = try #require(harness.state.contacts[smsID])
        #expect(sms.channel == .chat && sms.center != "wuhan")
        #expect(waiting.allSatisfy { harness.state.contacts[$0]?.center != "wuhan" })
    }

    @Test("a saturated center (every agent busy, its queue growing) is busy, not abandoned")
    func saturatedIsNotDark() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        harness.staff(["wuhan"], perChannel: 2, channels: [.voice])
        for _ in 0..<300 {
            _ = harness.enqueue("hubei")
            harness.run(forMs: 1_000, handleMs: 1 << 40)
        }
        #expect(!harness.state.agents.values.contains { $0.servingCenter == "wuhan" && $0.state == .ready }, "nobody at Wuhan is ready")
        #expect(harness.state.centers["wuhan"]?.status == .up && harness.state.centers["wuhan"]?.darkChannels.isEmpty == true)
    }

    @Test("staff come back: recovering, the hold-down, stepped failback while enough stay, then up; one agent alone does not bring traffic home")
    func staffReturn() throws {
        var harness = try Self.staffed()
        Self.leave("wuhan", &harness)
        harness.run(forMs: 31_000)
        #expect(harness.state.centers["wuhan"]?.status == .dark)

        harness.must(.agentLogin(agent: "wuhan-back-0", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        harness.run(forMs: 5_000)
        #expect(harness.state.centers["wuhan"]?.status == .dark, "one agent is below failbackMinPresentAgents")
        let placed = harness.enqueue("hubei")
        #expect(harness.state.contacts[placed]?.center != "wuhan")

        harness.must(.agentLogin(agent: "wuhan-back-1", homeCenter: "wuhan", skills: ["general"], channels: [.voice]))
        harness.run(forMs: 1_000)
        #expect(harness.state.centers["wuhan"]?.status == .recovering && harness.state.centers["wuhan"]?.reason == .staffAbsent)
        harness.run(forMs: 59_000)
        #expect(harness.state.centers["wuhan"]?.failbackStep == nil, "still in the hold-down")
        var percents: [Int] = []
        for _ in 0..<100 where harness.state.centers["wuhan"]?.status == .recovering {
            harness.run(forMs: 1_000)
            if let step = harness.state.centers["wuhan"]?.failbackStep, percents.last != harness.state.policy.failbackStepsPercent[step] {
                percents.append(harness.state.policy.failbackStepsPercent[step])
            }
        }
        #expect(percents == [10, 25, 50, 100] && harness.state.centers["wuhan"]?.status == .up)
        #expect(harness.state.centers["wuhan"]?.reason == nil && harness.state.centers["wuhan"]?.flaps == 0)
    }

    @Test("too few agents stay during recovery: the hold-down starts over; all leave again: a flap that doubles the hold-down")
    func leavingAgainFlaps() throws {
        var harness = try Self.staffed()
        Self.leave("wuhan", &harness)
        harness.run(forMs: 31_000)
        harness.staff(["wuhan"], perChannel: 2, channels: [.voice])
        harness.run(forMs: 80_000)
        #expect(harness.state.centers["wuhan"]?.status == .recovering && harness.state.centers["wuhan"]?.failbackStep != nil)

        harness.must(.agentOffline(agent: "wuhan-voice-1"))
        let restarted = harness.apply(.tick)
        #expect(restarted.applied?.events.contains(.failbackRestarted(center: "wuhan", presentAgents: 1)) == true)
        #expect(harness.state.centers["wuhan"]?.failbackStep == nil && harness.state.centers["wuhan"]?.status == .recovering)

        Self.leave("wuhan", &harness)
        harness.run(forMs: 31_000)
        let wuhan = try #require(harness.state.centers["wuhan"])
        #expect(wuhan.status == .dark && wuhan.reason == .staffAbsent && wuhan.flaps == 1 && wuhan.holdDownMs == 120_000)
    }

    @Test("a center nobody ever logged in to is not watched for absence; one whose node fell silent counts again only once someone is back")
    func absenceNeedsPresenceFirst() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        harness.run(forMs: 120_000)
        #expect(harness.state.centers.values.allSatisfy { $0.status == .up })
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice])
        harness.run(forMs: 1_000)
        harness.must(.setCenterStatus(center: "wuhan", status: .dark))
        #expect(harness.state.centers["wuhan"]?.reason == .nodeSilent)
        harness.must(.setCenterStatus(center: "wuhan", status: .recovering))
        harness.run(forMs: 120_000)
        #expect(harness.state.centers["wuhan"]?.status != .dark, "its agents were logged off by the silence; their absence is not news")
    }
}

@Suite("Settings on a live network")
struct LiveSettingsTests {
    @Test("settings.update changes detection while contacts are live; a recovery under way takes a shorter hold-down at once; a bad change is refused whole")
    func update() throws {
        var harness = try StaffAbsenceTests.staffed()
        _ = harness.enqueue("hubei")
        StaffAbsenceTests.leave("wuhan", &harness)
        harness.must(.updateSettings(SettingsChange(values: ["staffAbsentDarkAfterMs": 5_000])))
        harness.run(forMs: 6_000)
        #expect(harness.state.centers["wuhan"]?.reason == .staffAbsent)
        harness.staff(["wuhan"], perChannel: 2, channels: [.voice])
        harness.run(forMs: 1_000)
        #expect(harness.state.centers["wuhan"]?.holdDownMs == 60_000)
        harness.must(.updateSettings(SettingsChange(values: ["holdDownMs": 10_000])))
        #expect(harness.state.centers["wuhan"]?.holdDownMs == 10_000 && harness.state.centers["chengdu"]?.holdDownMs == 10_000)
        let before = harness.state.settings
        for bad in [
            SettingsChange(values: ["staffAbsentDarkAfterMs": 1, "holdDownMs": 20_000]),
            SettingsChange(values: ["typoDarkAfterMs": 5_000]),
            SettingsChange(values: ["maxAtMs": 5_000]),
            SettingsChange(failbackStepsPercent: [50, 10]),
        ] {
            #expect(harness.state.apply(.updateSettings(bad), atMs: harness.clockMs).isApplied == false, "\(bad)")
        }
        #expect(harness.state.settings == before)
    }
}
