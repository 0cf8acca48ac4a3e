/// What `clusterctl status` and the metrics show of one core.
public struct RaftStatus: Sendable, Equatable {
    public var id: NodeID
    public var role: Role
    public var term: Term
    public var leader: NodeID?
    public var vote: NodeID?
    public var commitIndex: LogIndex
    public var appliedIndex: LogIndex
    public var lastIndex: LogIndex
    public var snapshotIndex: LogIndex
    public var membership: Membership
    public var transferTarget: NodeID?
    /// Filled on the leader only.
    public var peers: [PeerStatus]
    /// A follower's ticks since it last heard from its leader; nil without a leader and on the leader.
    public var ticksSinceLeaderContact: Int?
}

public struct PeerStatus: Sendable, Equatable {
    public var id: NodeID
    public var isVoter: Bool
    public var matchIndex: LogIndex
    public var nextIndex: LogIndex
    public var replication: ReplicationState
    public var lagEntries: LogIndex
    /// Since this leader last heard from the member, or since it was elected if it has not yet.
    public var ticksSinceLastContact: Int
    /// This leader has had an answer from the member: without one, a short `ticksSinceLastContact`
    /// only means the election was recent.
    public var heardThisTerm: Bool
}

extension RaftNode {
    public var status: RaftStatus {
        let peers = membership.members.compactMap { member -> PeerStatus? in
            guard member != id, let entry = progress[member] else { return nil }
            return PeerStatus(
                id: member, isVoter: membership.isVoter(member), matchIndex: entry.match, nextIndex: entry.next,
                replication: entry.state, lagEntries: log.lastIndex - min(entry.match, log.lastIndex),
                ticksSinceLastContact: entry.ticksSinceContact, heardThisTerm: entry.heardThisTerm)
        }
        return RaftStatus(
            id: id, role: role, term: term, leader: leader, vote: vote, commitIndex: log.committed,
            appliedIndex: log.applied, lastIndex: log.lastIndex, snapshotIndex: log.snapshot.index,
            membership: membership, transferTarget: transfer?.target, peers: peers,
            ticksSinceLeaderContact: role == .follower && leader != nil ? electionElapsedTicks : nil)
    }
}
