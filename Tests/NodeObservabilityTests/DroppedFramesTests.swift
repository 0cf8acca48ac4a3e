import Testing

import NodeObservability

@Suite struct DroppedFramesTests {
    let metrics = NodeMetrics()

    func dropped(_ reason: String) -> Double? {
        Exposition(metrics.exposition()).value("interflow_frames_dropped_total", ["reason": reason])
    }

    @Test func cumulativeTotalsBecomeIncrements() {
        metrics.framesDropped(reason: "queue_full", total: 5)
        #expect(dropped("queue_full") == 5)
        metrics.framesDropped(reason: "queue_full", total: 5)
        #expect(dropped("queue_full") == 5)
        metrics.framesDropped(reason: "queue_full", total: 8)
        metrics.framesDropped(reason: "bad_version", total: 2)
        #expect(dropped("queue_full") == 8)
        #expect(dropped("bad_version") == 2)
    }

    @Test func aRestartedTotalCountsAsNewDropsAndNeverDecreases() {
        metrics.framesDropped(reason: "queue_full", total: 8)
        metrics.framesDropped(reason: "queue_full", total: 3)
        #expect(dropped("queue_full") == 11)
        metrics.framesDropped(reason: "queue_full", total: 4)
        #expect(dropped("queue_full") == 12)
    }

    @Test func reasonsFoldedIntoOtherStillAddDeltas() {
        let limit = NodeMetrics.labelValueLimit
        for index in 0..<(limit + 6) {
            metrics.framesDropped(reason: "reason\(index)", total: 1)
        }
        #expect(dropped("other") == 6)
        metrics.framesDropped(reason: "reason\(limit + 1)", total: 3)
        #expect(dropped("other") == 8)
        let reasons = Exposition(metrics.exposition()).values(of: "reason", in: "interflow_frames_dropped_total")
        #expect(reasons.count == limit + 1)
    }
}
