/// Leader election (§5.2) with pre-vote (dissertation §9.6) and leader stickiness (§4.2.3).
extension RaftNode {
    mutating func becomeFollower(term newTerm: Term, leader newLeader: NodeID?) {
        if newTerm < term { invariantBroken("term went back from \(term) to \(newTerm)") }
        if newTerm > term {
            term = newTerm
            vote = nil
        }
        if role == .leader { abandonLeadership() }
        role = .follower
        leader = newLeader
        votes.removeAll()
        resetElectionTimer()
    }

    /// Starts a (pre-)election. A leadership transfer skips the pre-vote: the old leader asked for it.
    mutating func campaign(leadershipTransfer: Bool) {
        guard isVoter else { return }
        if configuration.preVote && !leadershipTransfer {
            role = .preCandidate
            leader = nil
            resetElectionTimer()
            votes = [id: true]
            if membership.hasQuorum([id]) {
                becomeCandidate(leadershipTransfer: false)
                return
            }
            for voter in membership.voters {
                send(to: voter, .preVote(lastIndex: log.lastIndex, lastTerm: log.lastTerm), term: term + 1)
            }
        } else {
            becomeCandidate(leadershipTransfer: leadershipTransfer)
        }
    }

    mutating func becomeCandidate(leadershipTransfer: Bool) {
        term += 1
        vote = id
        role = .candidate
        leader = nil
        resetElectionTimer()
        votes = [id: true]
        if membership.hasQuorum([id]) {
            becomeLeader()
            return
        }
        for voter in membership.voters {
            send(
                to: voter,
                .vote(lastIndex: log.lastIndex, lastTerm: log.lastTerm, leadershipTransfer: leadershipTransfer))
        }
    }

    /// A voter that heard from a live leader within an election timeout ignores campaigns, so
    /// that a node rejoining after a partition cannot unseat it.
    var inLeaderLease: Bool {
        configuration.checkQuorum && leader != nil && electionElapsedTicks < configuration.electionTimeoutTicks
    }

    mutating func handlePreVote(_ message: Message, lastIndex: LogIndex, lastTerm: Term) {
        let grant = message.term > term && log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        // A grant echoes the future term asked about; a refusal tells the asker our term.
        send(to: message.from, .preVoteResponse(granted: grant), term: grant ? message.term : term)
    }

    mutating func handleVote(_ message: Message, lastIndex: LogIndex, lastTerm: Term) {
        let free = vote == nil && leader == nil
        let careless = configuration.plantedBug == .grantTwoVotesInOneTerm && role == .follower
        let canVote = vote == message.from || free || careless
        let grant = role != .leader && canVote && log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        if grant {
            vote = vote ?? message.from
            electionElapsedTicks = 0
        }
        send(to: message.from, .voteResponse(granted: grant))
    }

    /// Tallies a (pre-)vote answer; wins or loses once the outcome is certain.
    mutating func tally(from voter: NodeID, granted: Bool) {
        guard membership.isVoter(voter) else { return }
        votes[voter] = votes[voter] ?? granted
        let granting = votes.filter { $0.value }.keys
        let refusing = votes.filter { !$0.value }.keys
        if membership.hasQuorum(granting) {
            if role == .preCandidate {
                becomeCandidate(leadershipTransfer: false)
            } else {
                becomeLeader()
            }
        } else if membership.hasQuorum(refusing) {
            becomeFollower(term: term, leader: nil)
        }
    }

    mutating func becomeLeader() {
        if role != .candidate { invariantBroken("node \(id) became leader from \(role)") }
        if vote != id { invariantBroken("leader of term \(term) did not vote for itself") }
        role = .leader
        leader = id
        heartbeatElapsedTicks = 0
        electionElapsedTicks = 0
        progress.removeAll()
        for member in membership.members {
            var entry = Progress(next: log.lastIndex + 1)
            entry.recentActive = member == id
            if member == id { _ = entry.acknowledge(matchIndex: durableIndex) }
            progress[member] = entry
        }
        // Any membership entry not yet committed came from an earlier leader; wait for it and for
        // this term's no-op to commit before accepting another change.
        // The paper's Figure 8 bug only shows without the no-op, which would otherwise hide it.
        if configuration.plantedBug != .commitEarlierTermByCounting { appendAsLeader([.noop]) }
        pendingMembershipIndex = log.lastIndex
    }

    /// Leaving the leader role: forget followers' progress and fail reads waiting on a quorum.
    mutating func abandonLeadership() {
        progress.removeAll()
        transfer = nil
        for request in reads.dropAll() where request.requester != id {
            send(to: request.requester, .readIndexResponse(context: request.context, index: nil))
        }
    }
}
