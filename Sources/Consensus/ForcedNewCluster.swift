/// etcd's `--force-new-cluster`, as a pure rewrite of what a stopped node made durable: for when a
/// majority of the voters is lost for good, so that no election can ever succeed again.
///
/// The node keeps everything it holds (its snapshot and every entry, committed or not) and appends
/// one membership entry that names it the only voter, then commits through that entry. Restarted
/// from the result, the core adopts the new membership from its committed log as on any restart,
/// wins its election alone and applies everything it held.
///
/// Unlike etcd, which discards the entries past the commit index it knew, this keeps them: a
/// follower learns the commit index from the leader's next notice, so the survivor of a lost
/// majority often holds entries that were committed and acknowledged without knowing it yet.
/// Committing them is what Raft itself does when a node holding them is elected (leader
/// completeness); an entry that never committed is then committed too, like any entry a new leader
/// finds in its log. The client of such a write saw an error or a timeout, and a retry with the
/// same request id is not applied twice.
extension DurableState {
    /// The index of the last entry this state holds (the snapshot's when it holds no entry).
    public var lastIndex: LogIndex { snapshot.index + LogIndex(entries.count) }

    /// The term of the last entry this state holds (the snapshot's when it holds no entry).
    public var lastTerm: Term { entries.last?.term ?? snapshot.term }

    /// False for a node that never joined: nothing was ever made durable.
    public var holdsRaftState: Bool { self != .joining }

    /// The membership of the newest membership entry, committed or not, else the snapshot's: the
    /// configuration this node would be in once everything it holds commits.
    public var newestMembership: Membership {
        for entry in entries.reversed() {
            if case .membership(let membership) = entry.payload { return membership }
        }
        return snapshot.membership
    }

    /// What to persist so that `soleVoter` restarts as the only voter of a new configuration,
    /// holding everything this state holds: the membership entry after the last one, in a term
    /// above any this node has seen (the entry is no leader's, and no leader of the old
    /// configuration can have written it), and the commit index at that entry. No vote is cast
    /// in the new term, so the restarted node campaigns as on any start.
    public func forcingNewCluster(soleVoter id: NodeID) throws(ForceNewClusterRefusal) -> PersistWork {
        guard id != 0 else { throw .invalidNodeID }
        guard holdsRaftState else { throw .noRaftState }
        if let defect { throw .corruptDurableState(defect) }
        let highestTerm = max(hardState.term, lastTerm)
        guard highestTerm < Term.max else { throw .corruptDurableState("term \(highestTerm) leaves no term to force a new cluster in") }
        let term = highestTerm + 1
        let forced = Entry(term: term, index: lastIndex + 1, payload: .membership(Membership(voters: [id])))
        return PersistWork(hardState: HardState(term: term, vote: nil, commit: forced.index), entries: [forced])
    }
}

/// Why a durable state cannot be turned into a new one-voter cluster.
public enum ForceNewClusterRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Node id 0 is no node.
    case invalidNodeID
    /// The node never held any Raft state: it has nothing to recover.
    case noRaftState
    /// What was made durable cannot be restarted from (see `DurableState.defect`).
    case corruptDurableState(String)

    public var description: String {
        switch self {
        case .invalidNodeID: "node id 0 is no node"
        case .noRaftState: "this node holds no Raft state: it never joined a cluster, so there is nothing to recover"
        case .corruptDurableState(let defect): "the stored Raft state cannot be restarted from: \(defect)"
        }
    }
}
