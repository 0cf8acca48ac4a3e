/// One message between two cores. The shell carries it; the core never sees a socket.
public struct Message: Sendable, Equatable {
    public var from: NodeID
    public var to: NodeID
    public var term: Term
    public var body: MessageBody

    public init(from: NodeID, to: NodeID, term: Term, body: MessageBody) {
        self.from = from
        self.to = to
        self.term = term
        self.body = body
    }
}

public enum MessageBody: Sendable, Equatable {
    /// Pre-vote (dissertation §9.6): "would you vote for me in term `Message.term`?" without
    /// anyone changing term, so that a node coming back from a partition cannot disrupt a leader.
    case preVote(lastIndex: LogIndex, lastTerm: Term)
    case preVoteResponse(granted: Bool)
    /// `leadershipTransfer` lets the request through a voter's leader lease (TimeoutNow, §3.10).
    case vote(lastIndex: LogIndex, lastTerm: Term, leadershipTransfer: Bool)
    case voteResponse(granted: Bool)
    case append(Append)
    case appendResponse(AppendResponse)
    /// `readRound` lets the leader confirm it still leads for ReadIndex (dissertation §6.4).
    case heartbeat(commit: LogIndex, readRound: UInt64)
    case heartbeatResponse(readRound: UInt64)
    case installSnapshot(Snapshot)
    /// Tells the transfer target to start an election at once.
    case timeoutNow
    /// Commands a follower hands to its leader.
    case forwardedProposal([[UInt8]])
    /// A follower asks the leader for a read index on behalf of its client.
    case readIndexRequest(context: UInt64)
    /// `index` is nil when the leader could not serve the read (it lost leadership meanwhile).
    case readIndexResponse(context: UInt64, index: LogIndex?)
}

public struct Append: Sendable, Equatable {
    public var previousIndex: LogIndex
    public var previousTerm: Term
    public var entries: [Entry]
    public var commit: LogIndex

    public init(previousIndex: LogIndex, previousTerm: Term, entries: [Entry], commit: LogIndex) {
        self.previousIndex = previousIndex
        self.previousTerm = previousTerm
        self.entries = entries
        self.commit = commit
    }
}

public enum AppendResponse: Sendable, Equatable {
    /// The follower's log matches the leader's up to `matchIndex`.
    case accepted(matchIndex: LogIndex)
    /// The entry at `rejectedIndex` did not match. `hintIndex`/`hintTerm` let the leader skip a
    /// whole term per round trip instead of one entry (fast backtracking, §5.3).
    case rejected(rejectedIndex: LogIndex, hintIndex: LogIndex, hintTerm: Term)
}
