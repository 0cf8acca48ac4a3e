/// Why a proposal, read or admin request was refused. The shell turns these into client errors.
public enum ProposalRejection: Error, Sendable, Equatable {
    case notLeader(leader: NodeID?)
    case leadershipTransferInProgress
    case tooManyUncommittedEntries
    case tooManyPendingReads
    case membershipChangePending
    case learnerNotCaughtUp(lagEntries: UInt64)
    case invalidMembershipChange(String)
    case notAVoter(NodeID)
}

public enum ProposalOutcome: Sendable, Equatable {
    /// Appended to the leader's log; it is acknowledged when this index commits in this term.
    case appended(index: LogIndex, term: Term)
    /// Handed to the leader; the client learns the outcome by reading.
    case forwarded(to: NodeID)
    case rejected(ProposalRejection)
}

public enum ReadOutcome: Sendable, Equatable {
    /// A `ReadState` with this context will come in a later `Ready`.
    case pending
    case rejected(ProposalRejection)
}
