import Prometheus
import Synchronization

/// The node's Prometheus metrics, in a registry of its own so several nodes (or tests) can live in one process.
///
/// Every method may be called from any thread: the node loop records, the HTTP server reads.
public final class NodeMetrics: Sendable {
    /// The roles `updateRaft(role:)` knows; each gets its own series of `interflow_role`.
    public static let roles = ["leader", "follower", "candidate", "pre-candidate", "learner"]
    /// Distinct values kept per run-time label (peer, op, result, reason); the rest share the value "other".
    public static let labelValueLimit = 64

    private let registry = PrometheusCollectorRegistry()

    private let term: Gauge
    private let commitIndex: Gauge
    private let appliedIndex: Gauge
    private let lastIndex: Gauge
    private let applyLag: Gauge
    private let isLeader: Gauge
    private let roleGauges: [String: Gauge]
    private let hasLeader: Gauge
    private let process: ProcessGauges
    private let disk: DiskGauges?
    private let leaderChanges: Counter
    private let proposals: Counter
    private let fsyncLatency: ValueHistogram
    private let commitLatency: ValueHistogram
    private let entriesPerFsync: ValueHistogram
    private let entriesPerApply: ValueHistogram
    private let handshakesRefused: Counter
    private let lastRefusedTotal = Mutex<UInt64>(0)
    private let labelBudgets = Mutex(LabelBudgets(limit: NodeMetrics.labelValueLimit))
    /// Counters with run-time labels, each looked up in the registry once: the registry checks the
    /// family's help text on every lookup, about 1 % of the leader's CPU at 128 clients (a request
    /// counted per write, drops per tick). Bounded by the label budgets.
    private let labelledCounters = Mutex<[LabelledSeries: Counter]>([:])
    private let contactCenter: ContactCenterGauges

    /// `dataDirectory` is where the node keeps its log and state; with it, the exposition also
    /// says how full that filesystem is. Without it (tests, tools), there are no disk series.
    public init(dataDirectory: String? = nil) {
        term = registry.makeGauge(descriptor: MetricFamilies.term)
        commitIndex = registry.makeGauge(descriptor: MetricFamilies.commitIndex)
        appliedIndex = registry.makeGauge(descriptor: MetricFamilies.appliedIndex)
        lastIndex = registry.makeGauge(descriptor: MetricFamilies.lastIndex)
        applyLag = registry.makeGauge(descriptor: MetricFamilies.applyLag)
        isLeader = registry.makeGauge(descriptor: MetricFamilies.isLeader)
        var roleGauges: [String: Gauge] = [:]
        for role in Self.roles {
            roleGauges[role] = registry.makeGauge(descriptor: MetricFamilies.role, labels: [("role", role)])
        }
        self.roleGauges = roleGauges
        hasLeader = registry.makeGauge(descriptor: MetricFamilies.hasLeader)
        registry.makeGauge(
            descriptor: MetricFamilies.buildInfo, labels: [("version", BuildInfo.version), ("commit", BuildInfo.commit)]
        ).set(to: 1)
        process = ProcessGauges(registry: registry)
        if let dataDirectory { disk = DiskGauges(registry: registry, directory: dataDirectory) } else { disk = nil }
        leaderChanges = registry.makeCounter(descriptor: MetricFamilies.leaderChanges)
        proposals = registry.makeCounter(descriptor: MetricFamilies.proposals)
        fsyncLatency = registry.makeValueHistogram(descriptor: MetricFamilies.fsyncLatency, buckets: LatencyBuckets.fsync)
        commitLatency = registry.makeValueHistogram(
            descriptor: MetricFamilies.commitLatency, buckets: LatencyBuckets.commit)
        entriesPerFsync = registry.makeValueHistogram(descriptor: MetricFamilies.entriesPerFsync, buckets: Self.entriesPerBatchBuckets)
        entriesPerApply = registry.makeValueHistogram(descriptor: MetricFamilies.entriesPerApply, buckets: Self.entriesPerBatchBuckets)
        handshakesRefused = registry.makeCounter(descriptor: MetricFamilies.handshakesRefused)
        contactCenter = ContactCenterGauges(registry: registry)
    }

    /// Everything recorded so far, in the Prometheus text exposition format (version 0.0.4), with
    /// the process's and the data disk's figures read at this moment.
    public func exposition() -> String {
        process.refresh()
        disk?.refresh()
        return registry.emitToString()
    }

    /// Series of reasons known in advance start at 0, so that a rate over them works from the
    /// first scrape rather than from the first drop.
    public func declareDropReasons(_ reasons: [String]) {
        for reason in reasons { framesDropped(reason: reason, total: 0) }
    }

    /// Records the node's Raft state; call it whenever it may have changed (each loop tick is fine).
    /// A `role` outside ``roles`` leaves every role series at 0.
    public func updateRaft(
        term: UInt64, role: String, leaderID: UInt64?, commitIndex: UInt64, appliedIndex: UInt64, lastIndex: UInt64
    ) {
        self.term.set(to: Double(term))
        self.commitIndex.set(to: Double(commitIndex))
        self.appliedIndex.set(to: Double(appliedIndex))
        self.lastIndex.set(to: Double(lastIndex))
        // Saturating: a node that loaded an applied index past a stale commit index is not "behind".
        applyLag.set(to: Double(commitIndex >= appliedIndex ? commitIndex - appliedIndex : 0))
        isLeader.set(to: role == "leader" ? 1 : 0)
        for (name, gauge) in roleGauges {
            gauge.set(to: name == role ? 1 : 0)
        }
        hasLeader.set(to: leaderID == nil ? 0 : 1)
    }

    public func leaderChanged() {
        leaderChanges.increment()
    }

    public func proposed(entries: Int) {
        guard entries > 0 else { return }
        proposals.increment(by: Int64(entries))
    }

    public func fsync(latencyMs: Double) {
        fsyncLatency.record(LatencyBuckets.seconds(fromMilliseconds: latencyMs))
    }

    /// Entries in one batch: a few at one client, hundreds at many.
    static let entriesPerBatchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]

    /// One group commit: how many log entries an fsync made durable, or a transaction applied.
    public func batched(entriesPerFsync fsynced: [Int], entriesPerApply applied: [Int]) {
        for count in fsynced { entriesPerFsync.record(Double(count)) }
        for count in applied { entriesPerApply.record(Double(count)) }
    }

    /// Proposal-to-applied time of one entry on the leader.
    public func commit(latencyMs: Double) {
        commitLatency.record(LatencyBuckets.seconds(fromMilliseconds: latencyMs))
    }

    public func peerRoundTrip(peer: UInt64, latencyMs: Double) {
        let peer = labelBudgets.withLock { $0.peers.admit(String(peer)) }
        registry.makeValueHistogram(
            descriptor: MetricFamilies.peerRoundTrip, labels: [("peer", peer)], buckets: LatencyBuckets.peerRoundTrip
        ).record(LatencyBuckets.seconds(fromMilliseconds: latencyMs))
    }

    public func peerConnected(peer: UInt64, _ up: Bool) {
        let peer = labelBudgets.withLock { $0.peers.admit(String(peer)) }
        registry.makeGauge(descriptor: MetricFamilies.peerConnected, labels: [("peer", peer)]).set(to: up ? 1 : 0)
    }

    /// `total` is the caller's running count for `reason`; the counter grows by the difference to the last one.
    public func framesDropped(reason: String, total: UInt64) {
        let growth: (reason: String, delta: UInt64)? = labelBudgets.withLock { budgets in
            // Deltas are tracked per reported reason, so reasons folded into "other" still add up correctly.
            guard let delta = budgets.dropTotals.delta(for: reason, total: total) else { return nil }
            return (budgets.reasons.admit(reason), delta)
        }
        guard let growth else { return }
        let counter = counter(.framesDropped, [("reason", growth.reason)])
        if growth.delta > 0 { counter.increment(by: Int64(clamping: growth.delta)) }
    }

    /// `total` is the ZAP handler's running count of refused CURVE handshakes (unknown keys).
    public func handshakesRefused(total: UInt64) {
        let delta = lastRefusedTotal.withLock { last in
            defer { last = max(last, total) }
            return total > last ? total - last : 0
        }
        if delta > 0 { handshakesRefused.increment(by: Int64(clamping: delta)) }
    }

    /// `result` is "ok" or the error code the client got, such as "no_quorum".
    public func apiRequest(op: String, result: String, count: Int = 1) {
        let labels = labelBudgets.withLock { [("op", $0.ops.admit(op)), ("result", $0.results.admit(result))] }
        counter(.apiRequests, labels).increment(by: Int64(count))
    }

    /// Replaces every `interflow_cc_*` series with these figures; call it when they were recomputed.
    public func updateContactCenter(_ gauges: ServiceGauges) {
        contactCenter.show(labelBudgets.withLock { $0.admit(gauges) })
    }
}

/// One series of a counter family with run-time labels, by its admitted label values.
private struct LabelledSeries: Hashable, Sendable {
    enum Family: Hashable, Sendable {
        case apiRequests, framesDropped

        var descriptor: MetricNameDescriptor {
            switch self {
            case .apiRequests: MetricFamilies.apiRequests
            case .framesDropped: MetricFamilies.framesDropped
            }
        }
    }

    let family: Family
    let values: [String]
}

extension NodeMetrics {
    fileprivate func counter(_ family: LabelledSeries.Family, _ labels: [(String, String)]) -> Counter {
        let series = LabelledSeries(family: family, values: labels.map(\.1))
        return labelledCounters.withLock { counters in
            if let counter = counters[series] { return counter }
            let counter = registry.makeCounter(descriptor: family.descriptor, labels: labels)
            counters[series] = counter
            return counter
        }
    }
}
