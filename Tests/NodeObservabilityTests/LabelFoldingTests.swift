import Testing

@testable import NodeObservability

@Suite struct LabelFoldingTests {
    let metrics = NodeMetrics()
    let limit = NodeMetrics.labelValueLimit
    var exposition: Exposition { Exposition(metrics.exposition()) }

    @Test func peersBeyondTheLimitShareOther() {
        for peer in 1...UInt64(limit + 6) {
            metrics.peerConnected(peer: peer, true)
            metrics.peerRoundTrip(peer: peer, latencyMs: 1)
        }
        let sample = exposition
        let peers = sample.values(of: "peer", in: "interflow_peer_connected")
        #expect(peers.count == limit + 1)
        #expect(peers.contains("other"))
        #expect(peers.contains(String(limit)))
        #expect(!peers.contains(String(limit + 1)))
        #expect(sample.value("interflow_peer_round_trip_seconds_count", ["peer": "other"]) == 6)
        // An admitted peer keeps its own series after the budget is spent.
        metrics.peerConnected(peer: 1, false)
        #expect(exposition.value("interflow_peer_connected", ["peer": "1"]) == 0)
    }

    @Test func operationsAndResultsHaveSeparateBudgets() {
        for index in 0..<(limit + 3) {
            metrics.apiRequest(op: "op\(index)", result: "code\(index)")
        }
        let sample = exposition
        #expect(sample.values(of: "op", in: "interflow_api_requests_total").count == limit + 1)
        #expect(sample.values(of: "result", in: "interflow_api_requests_total").count == limit + 1)
        #expect(sample.value("interflow_api_requests_total", ["op": "other", "result": "other"]) == 3)
        #expect(sample.value("interflow_api_requests_total", ["op": "op0", "result": "code0"]) == 1)
    }

    @Test func longValuesAreCut() {
        metrics.apiRequest(op: String(repeating: "x", count: 1_000), result: "ok")
        let ops = exposition.values(of: "op", in: "interflow_api_requests_total")
        #expect(ops == [String(repeating: "x", count: LabelBudget.maxValueLength)])
    }
}
