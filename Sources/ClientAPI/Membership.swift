/// `member.add`: a new node joins as a learner (it receives the log but does not vote) until
/// `member.promote` makes it a voter once it has caught up.
public struct MemberAddArgs: Sendable, Equatable, Codable {
    public var id: UInt64
    public var center: String
    public var peer: String
    public var client: String
    /// The new node's CURVE public key, Z85 text (40 characters); when given, it must be the key
    /// the configuration names for the node.
    public var publicKey: String?

    public init(id: UInt64, center: String, peer: String, client: String, publicKey: String? = nil) {
        self.id = id
        self.center = center
        self.peer = peer
        self.client = client
        self.publicKey = publicKey
    }
}

/// `member.promote` and `member.remove`.
public struct MemberArgs: Sendable, Equatable, Codable {
    public var id: UInt64

    public init(id: UInt64) {
        self.id = id
    }
}

/// `leader.transfer`: to the given voter, or to the most caught-up one when `to` is absent.
public struct LeaderTransferArgs: Sendable, Equatable, Codable {
    public var to: UInt64?

    public init(to: UInt64? = nil) {
        self.to = to
    }
}

public struct MembershipResult: Sendable, Equatable, Codable {
    public var voters: [UInt64]
    public var learners: [UInt64]
    public var appliedIndex: UInt64?

    public init(voters: [UInt64], learners: [UInt64], appliedIndex: UInt64? = nil) {
        self.voters = voters
        self.learners = learners
        self.appliedIndex = appliedIndex
    }
}

public struct LeaderTransferResult: Sendable, Equatable, Codable {
    /// The node leadership was handed to.
    public var to: UInt64

    public init(to: UInt64) {
        self.to = to
    }
}
