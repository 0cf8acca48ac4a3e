/// `cluster.status`: one node's view of the cluster. Every node reports its own role, term and
/// indexes; only the leader knows each member's lag and last contact, so a follower leaves them out.
public struct ClusterStatus: Sendable, Equatable, Codable {
    public var node: NodeStatus
    /// Known to this node: who leads in `node.term`, if anyone.
    public var leader: LeaderHint?
    public var members: [MemberStatus]
    /// Each center's status and service figures as this node has applied them, refreshed at most
    /// once a second; absent until a topology is loaded.
    public var centers: [CenterStatusRecord]?

    public init(node: NodeStatus, leader: LeaderHint?, members: [MemberStatus], centers: [CenterStatusRecord]? = nil) {
        self.node = node
        self.leader = leader
        self.members = members
        self.centers = centers
    }
}

public struct NodeStatus: Sendable, Equatable, Codable {
    public var id: UInt64
    public var center: String
    /// "leader", "follower", "candidate", "pre-candidate" or "learner".
    public var role: String
    public var term: UInt64
    public var commitIndex: UInt64
    public var appliedIndex: UInt64
    public var lastIndex: UInt64
    public var snapshotIndex: UInt64
    /// The SQLite database and its write-ahead log, in bytes.
    public var dbSizeBytes: Int64
    /// Since the process started.
    public var uptimeMs: Int64

    public init(
        id: UInt64, center: String, role: String, term: UInt64, commitIndex: UInt64, appliedIndex: UInt64,
        lastIndex: UInt64, snapshotIndex: UInt64, dbSizeBytes: Int64, uptimeMs: Int64
    ) {
        self.id = id
        self.center = center
        self.role = role
        self.term = term
        self.commitIndex = commitIndex
        self.appliedIndex = appliedIndex
        self.lastIndex = lastIndex
        self.snapshotIndex = snapshotIndex
        self.dbSizeBytes = dbSizeBytes
        self.uptimeMs = uptimeMs
    }
}

public struct MemberStatus: Sendable, Equatable, Codable {
    public var id: UInt64
    public var center: String
    public var peer: String
    public var client: String
    public var voter: Bool
    /// Leader only: entries the member is behind the leader's log.
    public var lagEntries: UInt64?
    public var matchIndex: UInt64?
    /// Leader only: since the leader last heard from the member.
    public var lastContactMs: Int64?
    /// Whether this node's link to the member is up (nil for the node itself).
    public var connected: Bool?

    public init(
        id: UInt64, center: String, peer: String, client: String, voter: Bool, lagEntries: UInt64? = nil,
        matchIndex: UInt64? = nil, lastContactMs: Int64? = nil, connected: Bool? = nil
    ) {
        self.id = id
        self.center = center
        self.peer = peer
        self.client = client
        self.voter = voter
        self.lagEntries = lagEntries
        self.matchIndex = matchIndex
        self.lastContactMs = lastContactMs
        self.connected = connected
    }
}
