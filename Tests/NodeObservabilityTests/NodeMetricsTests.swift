import Foundation
import Testing

@testable import NodeObservability

@Suite struct NodeMetricsTests {
    let metrics = NodeMetrics()
    var exposition: Exposition { Exposition(metrics.exposition()) }

    @Test func raftStateBecomesGauges() {
        metrics.updateRaft(term: 7, role: "follower", leaderID: 2, commitIndex: 100, appliedIndex: 90, lastIndex: 105)
        let sample = exposition
        #expect(sample.value("interflow_term") == 7)
        #expect(sample.value("interflow_commit_index") == 100)
        #expect(sample.value("interflow_applied_index") == 90)
        #expect(sample.value("interflow_last_index") == 105)
        #expect(sample.value("interflow_apply_lag_entries") == 10)
        #expect(sample.value("interflow_is_leader") == 0)
        #expect(sample.value("interflow_has_leader") == 1)
        for role in NodeMetrics.roles {
            #expect(sample.value("interflow_role", ["role": role]) == (role == "follower" ? 1 : 0), "\(role)")
        }
    }

    @Test func becomingLeaderMovesTheOneHotRole() {
        metrics.updateRaft(term: 3, role: "candidate", leaderID: nil, commitIndex: 5, appliedIndex: 5, lastIndex: 5)
        metrics.updateRaft(term: 3, role: "leader", leaderID: 1, commitIndex: 5, appliedIndex: 5, lastIndex: 6)
        let sample = exposition
        #expect(sample.value("interflow_is_leader") == 1)
        #expect(sample.value("interflow_role", ["role": "leader"]) == 1)
        #expect(sample.value("interflow_role", ["role": "candidate"]) == 0)
        #expect(sample.value("interflow_has_leader") == 1)
    }

    @Test func unknownLeaderAndRoleReadAsZero() {
        metrics.updateRaft(term: 1, role: "leader", leaderID: 1, commitIndex: 0, appliedIndex: 0, lastIndex: 0)
        metrics.updateRaft(term: 2, role: "witness", leaderID: nil, commitIndex: 0, appliedIndex: 0, lastIndex: 0)
        let sample = exposition
        #expect(sample.value("interflow_has_leader") == 0)
        #expect(sample.value("interflow_is_leader") == 0)
        #expect(NodeMetrics.roles.allSatisfy { sample.value("interflow_role", ["role": $0]) == 0 })
        #expect(sample.values(of: "role", in: "interflow_role") == Set(NodeMetrics.roles))
    }

    @Test func appliedPastCommitIsNoLag() {
        metrics.updateRaft(term: 1, role: "follower", leaderID: 2, commitIndex: 4, appliedIndex: 9, lastIndex: 9)
        #expect(exposition.value("interflow_apply_lag_entries") == 0)
    }

    @Test func countersCountEvents() {
        #expect(exposition.value("interflow_leader_changes_total") == 0)
        metrics.leaderChanged()
        metrics.leaderChanged()
        metrics.proposed(entries: 3)
        metrics.proposed(entries: 0)
        metrics.proposed(entries: 5)
        let sample = exposition
        #expect(sample.value("interflow_leader_changes_total") == 2)
        #expect(sample.value("interflow_proposals_total") == 8)
    }

    @Test func latenciesAreRecordedInSeconds() {
        metrics.fsync(latencyMs: 0.2)
        metrics.fsync(latencyMs: 3)
        metrics.commit(latencyMs: 1.5)
        metrics.peerRoundTrip(peer: 2, latencyMs: 0.3)
        let sample = exposition
        let fsync = "interflow_fsync_latency_seconds"
        #expect(sample.value("\(fsync)_bucket", ["le": "0.0001"]) == 0)
        #expect(sample.value("\(fsync)_bucket", ["le": "0.00025"]) == 1)
        #expect(sample.value("\(fsync)_bucket", ["le": "0.005"]) == 2)
        #expect(sample.value("\(fsync)_bucket", ["le": "2.0"]) == 2)
        #expect(sample.value("\(fsync)_bucket", ["le": "+Inf"]) == 2)
        #expect(sample.value("\(fsync)_count") == 2)
        #expect(abs(sample.value("\(fsync)_sum")! - 0.0032) < 1e-12)
        #expect(sample.value("interflow_commit_latency_seconds_bucket", ["le": "0.001"]) == 0)
        #expect(sample.value("interflow_commit_latency_seconds_bucket", ["le": "0.0025"]) == 1)
        #expect(sample.value("interflow_commit_latency_seconds_bucket", ["le": "10.0"]) == 1)
        #expect(sample.value("interflow_peer_round_trip_seconds_count", ["peer": "2"]) == 1)
        #expect(sample.value("interflow_peer_round_trip_seconds_bucket", ["peer": "2", "le": "0.0005"]) == 1)
    }

    @Test func groupCommitsAreCounted() {
        metrics.batched(entriesPerFsync: [1, 20, 300], entriesPerApply: [20])
        let sample = exposition
        #expect(sample.value("interflow_entries_per_fsync_count") == 3)
        #expect(sample.value("interflow_entries_per_fsync_sum") == 321)
        #expect(sample.value("interflow_entries_per_fsync_bucket", ["le": "1.0"]) == 1)
        #expect(sample.value("interflow_entries_per_fsync_bucket", ["le": "32.0"]) == 2)
        #expect(sample.value("interflow_entries_per_fsync_bucket", ["le": "+Inf"]) == 3)
        #expect(sample.value("interflow_entries_per_apply_count") == 1)
    }

    @Test func peerLinksAreGauges() {
        metrics.peerConnected(peer: 2, true)
        metrics.peerConnected(peer: 3, true)
        metrics.peerConnected(peer: 3, false)
        let sample = exposition
        #expect(sample.value("interflow_peer_connected", ["peer": "2"]) == 1)
        #expect(sample.value("interflow_peer_connected", ["peer": "3"]) == 0)
    }

    @Test func apiRequestsCountByOperationAndResult() {
        metrics.apiRequest(op: "create_ticket", result: "ok")
        metrics.apiRequest(op: "create_ticket", result: "ok")
        metrics.apiRequest(op: "create_ticket", result: "no_quorum")
        let sample = exposition
        #expect(sample.value("interflow_api_requests_total", ["op": "create_ticket", "result": "ok"]) == 2)
        #expect(sample.value("interflow_api_requests_total", ["op": "create_ticket", "result": "no_quorum"]) == 1)
    }

    @Test func instancesDoNotShareState() {
        let other = NodeMetrics()
        metrics.leaderChanged()
        #expect(Exposition(other.exposition()).value("interflow_leader_changes_total") == 0)
    }

    @Test func concurrentRecordingLosesNothing() async {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask { [metrics] in
                    for _ in 0..<500 {
                        metrics.apiRequest(op: "op\(worker % 2)", result: "ok")
                        metrics.peerConnected(peer: UInt64(worker), true)
                    }
                }
            }
        }
        let sample = exposition
        #expect(sample.value("interflow_api_requests_total", ["op": "op0", "result": "ok"]) == 2_000)
        #expect(sample.value("interflow_api_requests_total", ["op": "op1", "result": "ok"]) == 2_000)
    }

    @Test func buildInfoAndProcessFiguresAreExported() {
        let sample = exposition
        #expect(sample.value("interflow_build_info", ["version": BuildInfo.version, "commit": BuildInfo.commit]) == 1)
        #expect((sample.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
        #expect((sample.value("process_open_fds") ?? 0) >= 3)
        #expect((sample.value("process_max_fds") ?? 0) >= (sample.value("process_open_fds") ?? 0))
        let start = sample.value("process_start_time_seconds") ?? 0
        #expect(abs(start - Date().timeIntervalSince1970) < 3_600 * 24 * 30, "start \(start)")
    }

    @Test func dropReasonsKnownInAdvanceStartAtZero() {
        metrics.declareDropReasons(["malformed", "oversized"])
        #expect(exposition.value("interflow_frames_dropped_total", ["reason": "malformed"]) == 0)
        metrics.framesDropped(reason: "malformed", total: 3)
        #expect(exposition.value("interflow_frames_dropped_total", ["reason": "malformed"]) == 3)
    }

    @Test func processStatFieldsAreReadAfterTheCommandName() throws {
        // A command name with spaces and a parenthesis; fields 14, 15 (ticks), 22 (ticks after boot), 23, 24 (pages).
        let stat = "42 (center node) x) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 4 0 1000 123456789 2048 18446744073709551615"
        let facts = try #require(
            ProcessFacts.parse(stat: stat, ticksPerSecond: 100, pageBytes: 4096, bootTimeSeconds: 1_000, openDescriptors: 9, maxDescriptors: 1024))
        #expect(facts == ProcessFacts(
            cpuSeconds: 3, residentBytes: 2048 * 4096, virtualBytes: 123_456_789, openDescriptors: 9, maxDescriptors: 1024,
            startTimeSeconds: 1_010))
    }
}
