import ContactCenter
import Foundation
import Testing

/// A center closed for the night is not an outage. The clock starts on Thursday 1 January 1970,
/// 00:00 UTC, which is 08:00 in Wuhan (+08:00).
@Suite("Opening hours")
struct OpeningHoursTests {
    static let hourMs: Int64 = 3_600_000
    /// Wuhan's local clock as the leader's: hours after 08:00 on the first day.
    static func local(day: Int64 = 0, _ hour: Int64, _ minute: Int64 = 0, _ second: Int64 = 0) -> Int64 {
        day * 24 * hourMs + (hour - 8) * hourMs + minute * 60_000 + second * 1_000
    }

    static func harness(afterHours: AfterHoursRule) throws -> StateHarness {
        var topology = try Fixtures.china2020()
        topology.policy.overflowQueueLength = 1_000_000
        topology.policy.overflowOldestWaitMs = 1 << 40
        topology.policy.patienceMs = 600_000
        let wuhan = try #require(topology.centers.firstIndex { $0.id == "wuhan" })
        topology.centers[wuhan].hours = OpeningHours(timeZone: "+08:00", open: "08:00", close: "20:00")
        topology.centers[wuhan].afterHours = afterHours
        var settings = StateSettings()
        settings.staffAbsentDarkAfterMs = 30_000
        var harness = try StateHarness(topology: topology, settings: settings)
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice, .chat, .callback])
        harness.staff(StaffAbsenceTests.backups, perChannel: 2, channels: [.voice, .chat])
        harness.run(forMs: 1_000)
        return harness
    }

    /// Advances to `atMs` with a clock entry every ten minutes, as a quiet night would.
    static func advance(until atMs: Int64, _ harness: inout StateHarness) {
        while harness.clockMs < atMs {
            harness.clockMs = min(atMs, harness.clockMs + 600_000)
            harness.must(.tick)
        }
    }

    @Test("hours parse as the file says them: a UTC offset, days, open and close; crossing midnight; 24/7; bad ones named")
    func parsing() throws {
        let json = #"{"id": "w", "branches": ["x"], "agentCapacity": {"voice": 1}, "hours": {"timeZone": "+08:00", "days": ["mon", "tue"], "open": "22:00", "close": "06:00"}, "channelHours": {"chat": "24/7"}, "afterHours": "callback"}"#
        let spec = try JSONDecoder().decode(CenterSpec.self, from: Data(json.utf8))
        #expect(spec.hours?.days == ["mon", "tue"] && spec.channelHours[.chat] == .always && spec.afterHours == .callback)
        #expect(spec.hours(of: .voice) == spec.hours && spec.hours(of: .chat) == .always)
        var topology = Topology(centers: [spec])
        #expect(topology.problems.isEmpty)
        topology.centers[0].hours = OpeningHours(timeZone: "Asia/Shanghai", open: "8:00", close: "20:00")
        topology.centers[0].channelHours[.sms] = OpeningHours(timeZone: "UTC", days: ["someday"], open: "08:00", close: "08:00")
        #expect(topology.problems.map(\.field) == ["centers[w].hours.timeZone", "centers[w].channelHours.sms.days"])
    }

    @Test("closing for the night with everyone logged out is not dark: contacts follow the plan after hours, and at opening Wuhan takes its traffic back without a failback cycle")
    func closedForTheNight() throws {
        var harness = try Self.harness(afterHours: .plan)
        Self.advance(until: Self.local(19, 59, 30), &harness)
        let late = (0..<3).map { _ in harness.enqueue("hubei") }
        StaffAbsenceTests.leave("wuhan", &harness)
        Self.advance(until: Self.local(day: 1, 7, 50), &harness)
        let wuhan = try #require(harness.state.centers["wuhan"])
        #expect(wuhan.status == .up && wuhan.reason == nil && wuhan.flaps == 0, "closed is not dark")
        for id in late where harness.state.contacts[id] != nil {
            #expect(harness.state.contacts[id]?.center != "wuhan", "left queued at closing with nobody there: the plan takes it")
        }
        let nightID = harness.enqueue("hunan")
        let night = try #require(harness.state.contacts[nightID])
        #expect(night.reason == .afterHours && StaffAbsenceTests.backups.contains(night.center))
        #expect(night.explanation.contains { $0.rule == "after-hours" && $0.detail.contains("08:00–20:00 +08:00") }, "\(night.explanation)")

        harness.clockMs = Self.local(day: 1, 8, 0, 5)
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice])
        harness.run(forMs: 2_000)
        #expect(harness.state.centers["wuhan"]?.status == .up)
        let morningID = harness.enqueue("hunan")
        let morning = try #require(harness.state.contacts[morningID])
        #expect(morning.center == "wuhan" && morning.reason == .home)
    }

    @Test("the same absence inside the hours is an outage: dark for staff-absent")
    func absenceInsideHours() throws {
        var harness = try Self.harness(afterHours: .plan)
        Self.advance(until: Self.local(10, 0), &harness)
        StaffAbsenceTests.leave("wuhan", &harness)
        harness.run(forMs: 31_000)
        #expect(harness.state.centers["wuhan"]?.status == .dark && harness.state.centers["wuhan"]?.reason == .staffAbsent)
    }

    @Test("staff who arrive late in the morning: absence counts from the opening, not from the evening before")
    func lateMorning() throws {
        var harness = try Self.harness(afterHours: .plan)
        Self.advance(until: Self.local(19, 59, 30), &harness)
        StaffAbsenceTests.leave("wuhan", &harness)
        Self.advance(until: Self.local(day: 1, 8, 0, 20), &harness)
        #expect(harness.state.centers["wuhan"]?.status == .up, "20 s after opening, within the 30 s window")
        harness.clockMs = Self.local(day: 1, 8, 0, 31)
        harness.must(.tick)
        #expect(harness.state.centers["wuhan"]?.status == .dark, "nobody came for the window after opening")
    }

    @Test("after hours with the callback rule: the customer gets a callback at home, which waits the night and is served at opening")
    func callbackAfterHours() throws {
        var harness = try Self.harness(afterHours: .callback)
        Self.advance(until: Self.local(20, 0), &harness)
        StaffAbsenceTests.leave("wuhan", &harness)
        Self.advance(until: Self.local(23, 0), &harness)
        let id = harness.enqueue("hubei")
        let parked = try #require(harness.state.contacts[id])
        #expect(parked.center == "wuhan" && parked.channel == .callback && parked.originalChannel == .voice && parked.reason == .afterHours)
        Self.advance(until: Self.local(day: 1, 8, 0), &harness)
        #expect(harness.state.contacts[id]?.state == .queued, "a callback has nobody on the line: patience does not end it")
        harness.staff(["wuhan"], perChannel: 1, channels: [.callback])
        #expect(harness.state.contacts[id]?.state == .offered)
    }
}
