import ClientAPI

/// What `clusterctl status` shows: every node's own view, with the leader's view of each member's
/// lag and last contact merged in. Encoded as is for `-o json`.
public struct ClusterStatusReport: Sendable, Equatable, Codable {
    /// nil when no reachable node leads.
    public var leader: Leader?
    public var nodes: [Row]
    /// The centers' status and service figures as the leader has applied them (or, without a
    /// leader, the reachable node that has applied the most); nil until a topology is loaded.
    public var centers: [CenterStatusRecord]?
    /// The node whose view `centers` is.
    public var centersFromNode: UInt64?

    public struct Leader: Sendable, Equatable, Codable {
        public var id: UInt64
        public var center: String
        public var term: UInt64
    }

    public struct Row: Sendable, Equatable, Codable {
        public var id: UInt64
        public var center: String
        /// The client API endpoint.
        public var endpoint: String
        public var pid: Int32?
        public var reachable: Bool
        /// The node's own role, or "unreachable".
        public var role: String
        public var voter: Bool?
        public var term: UInt64?
        public var commitIndex: UInt64?
        public var appliedIndex: UInt64?
        /// From the leader.
        public var lagEntries: UInt64?
        /// From the leader.
        public var lastContactMs: Int64?
        public var dbSizeBytes: Int64?
        /// Why the node did not answer.
        public var error: String?
    }

    public static let unreachableRole = "unreachable"

    /// The leader is the node that says it leads in the highest term: a deposed leader cut off from
    /// the others may still believe it leads, in an older term.
    public static func merge(
        nodes: [LocalClusterState.NodeRecord], answers: [UInt64: StatusProbe.Answer]
    ) -> ClusterStatusReport {
        let statuses = answers.compactMapValues { try? $0.get() }
        let leaderStatus = statuses.values.filter { $0.node.role == "leader" }.max { $0.node.term < $1.node.term }
        let leaderView = Dictionary(
            (leaderStatus?.members ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = nodes.map { node -> Row in
            guard let status = statuses[node.id] else {
                var failure: String?
                if case .failure(let reason)? = answers[node.id] { failure = reason.message }
                return Row(
                    id: node.id, center: node.center, endpoint: node.client, pid: node.pid, reachable: false,
                    role: unreachableRole, error: failure ?? "not asked")
            }
            let ownView = status.members.first { $0.id == node.id }
            let fromLeader = leaderView[node.id]
            return Row(
                id: node.id, center: status.node.center, endpoint: node.client, pid: node.pid, reachable: true,
                role: status.node.role, voter: fromLeader?.voter ?? ownView?.voter, term: status.node.term,
                commitIndex: status.node.commitIndex, appliedIndex: status.node.appliedIndex,
                lagEntries: fromLeader?.lagEntries, lastContactMs: fromLeader?.lastContactMs,
                dbSizeBytes: status.node.dbSizeBytes)
        }
        let leader = leaderStatus.map { Leader(id: $0.node.id, center: $0.node.center, term: $0.node.term) }
        let centersSource = leaderStatus ?? statuses.values.max {
            // On a tie the lower node id, so the same answers always pick the same node.
            ($0.node.appliedIndex, $1.node.id) < ($1.node.appliedIndex, $0.node.id)
        }
        return ClusterStatusReport(
            leader: leader, nodes: rows, centers: centersSource?.centers,
            centersFromNode: centersSource?.centers == nil ? nil : centersSource?.node.id)
    }
}
