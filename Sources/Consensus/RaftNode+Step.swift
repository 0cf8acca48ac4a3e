/// Every message enters here: first the term rules of §5.1, then the role's handler.
extension RaftNode {
    public mutating func step(_ message: Message) {
        guard brokenInvariant == nil, message.to == id, message.from != id, message.from != 0 else { return }
        if message.term > term {
            guard acceptHigherTerm(message) else { return }
        } else if message.term < term {
            answerStaleTerm(message)
            return
        }
        switch message.body {
        case .preVote(let lastIndex, let lastTerm):
            handlePreVote(message, lastIndex: lastIndex, lastTerm: lastTerm)
        case .vote(let lastIndex, let lastTerm, _):
            handleVote(message, lastIndex: lastIndex, lastTerm: lastTerm)
        case .preVoteResponse(let granted):
            if role == .preCandidate && (message.term == term + 1 || !granted) {
                tally(from: message.from, granted: granted)
            }
        case .voteResponse(let granted):
            if role == .candidate && message.term == term { tally(from: message.from, granted: granted) }
        case .append(let append):
            followLeader(message.from)
            handleAppend(from: message.from, append)
        case .heartbeat(let leaderCommit, let readRound):
            followLeader(message.from)
            // A heartbeat's commit never passes what this node acknowledged having. Past its last
            // index, its disk lost entries it had acknowledged (etcd panics here too): it must not
            // vote or acknowledge from that log again.
            if leaderCommit > log.lastIndex {
                brokenInvariant = brokenInvariant
                    ?? "leader \(message.from) of term \(term) counts this node as holding entries through \(leaderCommit), "
                    + "but its log ends at \(log.lastIndex): its storage lost entries it had acknowledged"
                return
            }
            commit(to: leaderCommit)
            send(to: message.from, .heartbeatResponse(readRound: readRound))
        case .installSnapshot(let snapshot):
            followLeader(message.from)
            handleSnapshot(from: message.from, snapshot)
        case .timeoutNow:
            if role == .follower { campaign(leadershipTransfer: true) }
        case .appendResponse(let response):
            if role == .leader { handleAppendResponse(from: message.from, response) }
        case .heartbeatResponse(let readRound):
            if role == .leader { handleHeartbeatResponse(from: message.from, readRound: readRound) }
        case .forwardedProposal(let commands):
            acceptForwarded(commands, from: message.from)
        case .readIndexRequest(let context):
            if role == .leader {
                _ = requestRead(context: context, requester: message.from)
            } else {
                send(to: message.from, .readIndexResponse(context: context, index: nil))
            }
        case .readIndexResponse(let context, let index):
            if let index { readStates.append(ReadState(context: context, index: index)) }
        }
    }

    /// Returns false when the message must be ignored.
    private mutating func acceptHigherTerm(_ message: Message) -> Bool {
        switch message.body {
        case .preVote, .vote(_, _, leadershipTransfer: false):
            if inLeaderLease { return false }
        default:
            break
        }
        switch message.body {
        case .preVote:
            // A pre-vote never changes anybody's term.
            return true
        case .preVoteResponse(granted: true):
            return true
        case .append, .heartbeat, .installSnapshot:
            becomeFollower(term: message.term, leader: message.from)
        default:
            becomeFollower(term: message.term, leader: nil)
        }
        return true
    }

    private mutating func answerStaleTerm(_ message: Message) {
        switch message.body {
        case .append, .heartbeat, .installSnapshot:
            // Tell a deposed leader (or one that missed a term change) about the newer term; this
            // also frees a candidate stuck in a higher term behind our leader's lease.
            send(to: message.from, .appendResponse(.rejected(rejectedIndex: 0, hintIndex: 0, hintTerm: 0)))
        case .preVote:
            send(to: message.from, .preVoteResponse(granted: false))
        default:
            break
        }
    }

    private mutating func followLeader(_ sender: NodeID) {
        if role != .follower {
            becomeFollower(term: term, leader: sender)
        } else {
            leader = sender
        }
        electionElapsedTicks = 0
    }

    private mutating func acceptForwarded(_ commands: [[UInt8]], from peer: NodeID) {
        guard role == .leader, proposalRefusal(count: commands.count) == nil else { return }
        progress[peer]?.forwardedUpTo = log.lastIndex + UInt64(commands.count)
        appendAsLeader(commands.map { .command($0) })
    }
}
