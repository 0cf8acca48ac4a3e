import Consensus
import NodeObservability
import PeerLinks

/// The loop's window on metrics and health: what it counts as it goes, and the figures it
/// publishes once per tick for /metrics and /health to read from other threads.
public struct NodeTelemetry: Sendable {
    public let metrics: NodeMetrics
    public let vitals: NodeVitals

    /// Every reason `interflow_frames_dropped_total` may carry: the peer links' and the loop's own.
    static let dropReasons = DropReason.allCases.map(\.rawValue) + ["answer_undeliverable", "drill_fault", "client_oversized"]

    public init(metrics: NodeMetrics, vitals: NodeVitals) {
        self.metrics = metrics
        self.vitals = vitals
        metrics.declareDropReasons(Self.dropReasons)
    }

    func peerConnected(_ peer: NodeID, _ up: Bool) { metrics.peerConnected(peer: peer, up) }
    func proposed(entries: Int) { metrics.proposed(entries: entries) }
    func apiRequest(op: String, result: String) { metrics.apiRequest(op: op, result: result) }
    func apiRequests(op: String, result: String, count: Int) { metrics.apiRequest(op: op, result: result, count: count) }
    func leaderChanged() { metrics.leaderChanged() }

    func committed(after start: ContinuousClock.Instant, at now: ContinuousClock.Instant) {
        metrics.commit(latencyMs: Self.milliseconds(start.duration(to: now)))
    }

    func persisted(microseconds: [UInt64]) {
        for micros in microseconds { metrics.fsync(latencyMs: Double(micros) / 1000) }
    }

    /// Once per tick: Raft's figures, dropped frames and health; the contact center's figures
    /// whenever they are recomputed (at most once a second).
    func publish(_ status: RaftStatus, node: NodeLoop, readiness: Readiness) {
        if let records = node.centerFigures.refreshIfDue(node.state.contactCenter, appliedIndex: status.appliedIndex) {
            metrics.updateContactCenter(ServiceGauges(records))
        }
        let role = status.membership.isVoter(status.id) ? status.role.rawValue : "learner"
        metrics.updateRaft(
            term: status.term, role: role, leaderID: status.leader, commitIndex: status.commitIndex,
            appliedIndex: status.appliedIndex, lastIndex: status.lastIndex)
        for (reason, total) in node.peers.droppedFrames { metrics.framesDropped(reason: reason, total: total) }
        // Answers to clients that went away or stopped reading count among the dropped frames too.
        metrics.framesDropped(reason: "answer_undeliverable", total: node.clients.answersDropped)
        // What a drill's blackout, partition or overfull delay dropped, peer messages and requests together.
        metrics.framesDropped(reason: "drill_fault", total: node.sender.droppedByDrill + node.clientRequestsDroppedByDrill)
        metrics.framesDropped(reason: "client_oversized", total: node.clientRequestsOversized)
        metrics.handshakesRefused(total: UInt64(node.authenticator.statistics.refused))
        let tickMs = UInt64(node.config.timing.tickMs)
        vitals.update(
            NodeHealth.assess(
                nodeID: status.id, center: node.config.center, role: role, term: status.term, leaderID: status.leader,
                commitIndex: status.commitIndex, appliedIndex: status.appliedIndex,
                millisecondsSinceLeaderContact: status.ticksSinceLeaderContact.map { UInt64($0) * tickMs },
                readiness: readiness,
                policy: HealthPolicy(maxLeaderSilenceMilliseconds: UInt64(node.config.timing.electionTimeoutTicks) * tickMs * 2)))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
