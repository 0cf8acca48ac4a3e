import ContactCenter
import Testing

@Suite("Failback")
struct FailbackTests {
    static func settings() -> StateSettings {
        var settings = StateSettings()
        settings.holdDownMs = 30_000
        settings.maxHoldDownMs = 100_000
        settings.failbackStepIntervalMs = 20_000
        // Wuhan's few agents stay busy here; detection of unattended channels is another test's.
        settings.channelUnstaffedDarkAfterMs = 3_600_000
        return settings
    }

    /// Share of `count` new Hubei calls that go home to Wuhan, in percent.
    static func homeShare(_ harness: inout StateHarness, count: Int) -> Double {
        let first = harness.placements.count
        for _ in 0..<count { _ = harness.enqueue("hubei") }
        let home = harness.placements[first...].filter { $0.center == "wuhan" }.count
        return Double(home) * 100 / Double(count)
    }

    @Test("Wuhan recovers: nothing during the hold-down, then 10%, 25%, 50%, 100% of its traffic, then up; nothing in service moves")
    func steppedFailback() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        harness.staff(["chengdu"], perChannel: 2, channels: [.voice])
        harness.must(.centerBlackout(center: "wuhan"))
        _ = Self.homeShare(&harness, count: 50)
        harness.run(forMs: 1_000, handleMs: 1 << 40)
        let inServiceElsewhere = harness.state.contacts.values.filter { $0.state == .inService }.map(\.id)
        #expect(!inServiceElsewhere.isEmpty)

        harness.must(.centerRestore(center: "wuhan"))
        harness.staff(["wuhan"], perChannel: 2, channels: [.voice])
        #expect(harness.state.centers["wuhan"]?.status == .recovering)
        #expect(Self.homeShare(&harness, count: 200) == 0)
        #expect(harness.state.contacts[harness.state.nextContactID - 1]?.explanation.contains { $0.rule == "hold-down" } == true)
        var previous = 0.0
        for percent in harness.state.policy.failbackStepsPercent {
            harness.run(forMs: percent == 10 ? 30_000 : 20_000, handleMs: 1 << 40)
            let share = Self.homeShare(&harness, count: 400)
            #expect(abs(share - Double(percent)) < 6 && share > previous, "step \(percent)%: \(share)% home")
            previous = share
            #expect(harness.state.centers["wuhan"]?.status == .recovering)
        }
        harness.run(forMs: 20_000, handleMs: 1 << 40)
        #expect(harness.state.centers["wuhan"]?.status == .up)
        for id in inServiceElsewhere {
            #expect(harness.state.contacts[id]?.state == .inService && harness.state.contacts[id]?.center != "wuhan")
        }
    }

    @Test("a center that flaps while recovering goes dark again and its hold-down doubles, within its bound")
    func flapping() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        var holdDowns: [Int64] = []
        for _ in 0..<4 {
            harness.must(.centerBlackout(center: "wuhan"))
            harness.must(.centerRestore(center: "wuhan"))
            holdDowns.append(harness.state.centers["wuhan"]?.holdDownMs ?? 0)
            harness.run(forMs: 5_000)
        }
        #expect(holdDowns == [30_000, 60_000, 100_000, 100_000])
        #expect(harness.state.centers["wuhan"]?.flaps == 3)
        harness.run(forMs: 100_000 + 4 * 20_000)
        #expect(harness.state.centers["wuhan"]?.status == .up && harness.state.centers["wuhan"]?.holdDownMs == 30_000)
    }

    @Test("drain lets agents finish what they serve, moves the queue, and undrain returns traffic in steps")
    func drain() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice])
        let served = harness.enqueue("hubei")
        harness.must(.accept(contact: served, agent: "wuhan-voice-0"))
        let waiting = harness.enqueue("hubei")
        harness.must(.centerDrain(center: "wuhan"))
        #expect(harness.state.contacts[served]?.center == "wuhan" && harness.state.contacts[served]?.state == .inService)
        #expect(harness.state.contacts[waiting]?.center != "wuhan" && harness.state.contacts[waiting]?.reason == .failover)
        harness.must(.complete(contact: served))
        harness.must(.centerUndrain(center: "wuhan"))
        #expect(harness.state.centers["wuhan"]?.status == .recovering)
    }
}
