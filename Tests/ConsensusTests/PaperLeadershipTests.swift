import Consensus
import Testing

/// Leadership beyond §5: check-quorum (dissertation §6.2) and who accepts a proposal.
@Suite("Paper: check-quorum and proposals")
struct PaperLeadershipTests {
    static let voters: [NodeID] = [1, 2, 3]
    static let timeout = Paper.electionTimeout

    /// Ticks a leader `ticks` times, answering every heartbeat from `responders`.
    static func run(_ leader: inout PaperPeer, ticks: Int, responders: Set<NodeID>) {
        for _ in 0..<ticks {
            leader.tick()
            for message in leader.drain() where responders.contains(message.to) {
                guard case .heartbeat(_, let round) = message.body else { continue }
                leader.step(Paper.message(message.to, 1, term: message.term, .heartbeatResponse(readRound: round)))
            }
        }
    }

    @Test("an isolated leader steps down within an election timeout of last hearing from a quorum")
    func isolatedLeaderStepsDown() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        // The followers were heard in the first check-quorum window (their acknowledgements), not in the second.
        let ticks = try leader.tick(limit: 2 * Self.timeout) { $0.role != .leader }
        #expect(ticks > Self.timeout)
        #expect(leader.node.role == .follower)
        #expect(leader.node.term == 2)
        #expect(leader.node.leader == nil)
        let proposal = leader.node.propose([1])
        #expect(proposal == .rejected(.notLeader(leader: nil)))
        let read = leader.node.readIndex(context: 1)
        #expect(read == .rejected(.notLeader(leader: nil)))
    }

    @Test("a leader that hears from a quorum, or runs without check-quorum, keeps leading")
    func connectedLeaderStays() throws {
        var heard = try Paper.establishedLeader(voters: Self.voters)
        Self.run(&heard, ticks: 5 * Self.timeout, responders: [2])
        #expect(heard.node.role == .leader)

        var unchecked = try Paper.establishedLeader(voters: Self.voters) { $0.checkQuorum = false }
        Self.run(&unchecked, ticks: 5 * Self.timeout, responders: [])
        #expect(unchecked.node.role == .leader)
        #expect(unchecked.node.term == 2)
    }

    struct ProposalCase: Sendable, CustomTestStringConvertible {
        var forwardProposals: Bool
        var knowsLeader: Bool
        var outcome: ProposalOutcome
        var testDescription: String {
            "forwarding \(forwardProposals ? "on" : "off"), leader \(knowsLeader ? "known" : "unknown")"
        }
    }

    static let proposalCases = [
        ProposalCase(forwardProposals: false, knowsLeader: false, outcome: .rejected(.notLeader(leader: nil))),
        ProposalCase(forwardProposals: false, knowsLeader: true, outcome: .rejected(.notLeader(leader: 2))),
        ProposalCase(forwardProposals: true, knowsLeader: false, outcome: .rejected(.notLeader(leader: nil))),
        ProposalCase(forwardProposals: true, knowsLeader: true, outcome: .forwarded(to: 2)),
    ]

    @Test("a follower refuses a proposal naming the leader, or forwards it when allowed", arguments: proposalCases)
    func followerProposal(_ example: ProposalCase) throws {
        var follower = try PaperPeer(
            Paper.configuration(1) { $0.forwardProposals = example.forwardProposals },
            durable: .bootstrap(voters: Self.voters))
        if example.knowsLeader {
            follower.step(Paper.message(2, 1, term: 2, .heartbeat(commit: 1, readRound: 0)))
        }
        _ = follower.drain()
        let outcome = follower.node.propose([5])
        #expect(outcome == example.outcome)
        let forwarded = outcome == .forwarded(to: 2) ? [Paper.message(1, 2, term: 2, .forwardedProposal([[5]]))] : []
        #expect(follower.drain() == forwarded)
        #expect(follower.node.lastIndex == 1)
    }

    @Test("a candidate refuses proposals and membership changes; neither is forwarded")
    func candidateRefusesProposals() throws {
        var candidate = try Paper.core(in: .candidate, voters: Self.voters)
        let proposal = candidate.node.propose([5])
        #expect(proposal == .rejected(.notLeader(leader: nil)))
        let change = candidate.node.proposeMembershipChange(.addLearner(4))
        #expect(change == .rejected(.notLeader(leader: nil)))
        #expect(candidate.drain().isEmpty)
    }

    @Test("the leader appends a forwarded proposal and replicates it")
    func leaderAcceptsForwardedProposal() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        leader.step(Paper.message(2, 1, term: 2, .forwardedProposal([[5], [6]])))
        let entries = [Entry(term: 2, index: 3, payload: .command([5])), Entry(term: 2, index: 4, payload: .command([6]))]
        let append = Append(previousIndex: 2, previousTerm: 2, entries: entries, commit: 2)
        #expect(leader.drain() == [2, 3].map { Paper.message(1, $0, term: 2, .append(append)) })
        #expect(leader.durable.entries.suffix(2) == entries)
    }
}
