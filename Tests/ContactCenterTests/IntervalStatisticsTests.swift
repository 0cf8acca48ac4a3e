import ContactCenter
import Testing

@Suite("Interval statistics")
struct IntervalStatisticsTests {
    static func settings() -> StateSettings {
        var settings = StateSettings()
        settings.statisticsIntervalMs = 60_000
        settings.maxStatisticsIntervals = 3
        settings.maxRetainedContacts = 2
        return settings
    }

    @Test("an ended contact counts in the interval it arrived in; the figures outlive its record, and only the newest intervals are kept")
    func folded() throws {
        var harness = try StateHarness.china2020(settings: Self.settings())
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice])
        for _ in 0..<5 {
            _ = harness.enqueue("hubei")
            harness.run(forMs: 60_000, handleMs: 10_000)
        }
        #expect(harness.state.totals.done == 5 && harness.state.finished.count == 2)
        let kept = harness.state.intervals.filter { $0.key.center == "wuhan" && $0.key.channel == .voice }
        #expect(kept.keys.map(\.startMs).sorted() == [120_000, 180_000, 240_000])
        for counter in kept.values {
            #expect(counter.offered == 1 && counter.answered == 1 && counter.answeredWithinThreshold == 1)
            #expect(counter.handleMs == 10_000 && counter.totalWaitMs == 1_000, "the floor accepts on the next tick")
        }
    }

    @Test("abandons count in their interval and against nobody's service level")
    func abandons() throws {
        var topology = try Fixtures.china2020()
        topology.policy.patienceMs = 30_000
        var harness = try StateHarness(topology: topology, settings: Self.settings())
        _ = harness.enqueue("hubei")
        harness.run(forMs: 40_000)
        let counter = try #require(harness.state.intervals[IntervalKey(startMs: 0, center: "wuhan", channel: .voice)])
        #expect(counter.offered == 1 && counter.abandoned == 1 && counter.answered == 0)
    }
}
