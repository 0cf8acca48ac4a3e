/// What `/health` and `/ready` report: the node's Raft position and the verdicts drawn from it.
///
/// Build it with ``assess(nodeID:center:role:term:leaderID:commitIndex:appliedIndex:millisecondsSinceLeaderContact:readiness:policy:)``
/// so the verdicts always follow the same rules.
public struct NodeHealth: Sendable, Equatable, Codable {
    public var nodeID: UInt64
    public var center: String
    public var role: String
    public var term: UInt64
    public var leaderID: UInt64?
    public var commitIndex: UInt64
    public var appliedIndex: UInt64
    public var applyLagEntries: UInt64
    public var millisecondsSinceLeaderContact: UInt64?
    /// The node takes part in a working cluster: it knows a live leader and keeps up with applying.
    public var healthy: Bool
    /// The node has finished starting and serves clients.
    public var ready: Bool
    /// Why the node is not healthy or not ready; nil when it is both.
    public var reason: String?

    public init(
        nodeID: UInt64, center: String, role: String, term: UInt64, leaderID: UInt64?, commitIndex: UInt64,
        appliedIndex: UInt64, applyLagEntries: UInt64, millisecondsSinceLeaderContact: UInt64?, healthy: Bool,
        ready: Bool, reason: String?
    ) {
        self.nodeID = nodeID
        self.center = center
        self.role = role
        self.term = term
        self.leaderID = leaderID
        self.commitIndex = commitIndex
        self.appliedIndex = appliedIndex
        self.applyLagEntries = applyLagEntries
        self.millisecondsSinceLeaderContact = millisecondsSinceLeaderContact
        self.healthy = healthy
        self.ready = ready
        self.reason = reason
    }

    /// What a node reports before its loop has assessed anything.
    public static func starting(nodeID: UInt64, center: String) -> NodeHealth {
        NodeHealth(
            nodeID: nodeID, center: center, role: "follower", term: 0, leaderID: nil, commitIndex: 0, appliedIndex: 0,
            applyLagEntries: 0, millisecondsSinceLeaderContact: nil, healthy: false, ready: false, reason: "starting")
    }
}
