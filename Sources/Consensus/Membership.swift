/// The voters and learners of the cluster. Ids are kept sorted so that every walk over the
/// members is deterministic (a `Set`'s order changes from process to process).
public struct Membership: Sendable, Equatable, Hashable {
    public private(set) var voters: [NodeID]
    /// Non-voters that receive the log but never vote and never count for a quorum.
    public private(set) var learners: [NodeID]

    public init(voters: [NodeID], learners: [NodeID] = []) {
        self.voters = Array(Set(voters)).sorted()
        self.learners = Array(Set(learners).subtracting(voters)).sorted()
    }

    public static let empty = Membership(voters: [])

    public var members: [NodeID] { (voters + learners).sorted() }
    public var quorumSize: Int { voters.count / 2 + 1 }

    public func isVoter(_ id: NodeID) -> Bool { voters.contains(id) }
    public func isMember(_ id: NodeID) -> Bool { voters.contains(id) || learners.contains(id) }

    /// True when the voters among `ids` form a majority of the voters.
    public func hasQuorum(_ ids: some Sequence<NodeID>) -> Bool {
        guard !voters.isEmpty else { return false }
        return Set(ids).filter { voters.contains($0) }.count >= quorumSize
    }

    /// The highest index that a majority of voters hold, given each voter's match index.
    func quorumIndex(match: (NodeID) -> LogIndex) -> LogIndex {
        guard !voters.isEmpty else { return 0 }
        let sorted = voters.map(match).sorted(by: >)
        return sorted[quorumSize - 1]
    }

    /// One server at a time (Raft dissertation §4.1): any two majorities of the old and the new
    /// membership overlap, so no joint consensus is needed.
    public func applying(_ change: MembershipChange) -> Result<Membership, ProposalRejection> {
        switch change {
        case .addLearner(let id):
            guard id != 0, !isMember(id) else { return .failure(.invalidMembershipChange("\(id) is already a member")) }
            return .success(Membership(voters: voters, learners: learners + [id]))
        case .promote(let id):
            guard learners.contains(id) else { return .failure(.invalidMembershipChange("\(id) is not a learner")) }
            return .success(Membership(voters: voters + [id], learners: learners.filter { $0 != id }))
        case .remove(let id):
            guard isMember(id) else { return .failure(.invalidMembershipChange("\(id) is not a member")) }
            let next = Membership(voters: voters.filter { $0 != id }, learners: learners.filter { $0 != id })
            guard !next.voters.isEmpty else { return .failure(.invalidMembershipChange("cannot remove the last voter")) }
            return .success(next)
        }
    }
}

/// A change of one server at a time.
public enum MembershipChange: Sendable, Equatable {
    case addLearner(NodeID)
    case promote(NodeID)
    case remove(NodeID)
}
