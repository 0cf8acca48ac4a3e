import Consensus
import Testing

/// §5.2 and §5.4.1: how a voter answers. One vote per term, first come first served, kept across
/// a restart; and only for a candidate whose log is at least as up to date.
@Suite("Paper §5.2, §5.4.1: votes")
struct PaperVoteTests {
    static let voters: [NodeID] = [1, 2, 3]

    static func request(from candidate: NodeID, term: Term) -> Message {
        Paper.message(candidate, 1, term: term, .vote(lastIndex: 1, lastTerm: 1, leadershipTransfer: false))
    }

    static func answer(to candidate: NodeID, term: Term, granted: Bool) -> Message {
        Paper.message(1, candidate, term: term, .voteResponse(granted: granted))
    }

    struct VoteCase: Sendable, CustomTestStringConvertible {
        var earlierVote: NodeID?
        var candidate: NodeID
        var granted: Bool
        var testDescription: String {
            "voted for \(earlierVote.map(String.init) ?? "nobody"), asked by \(candidate) -> \(granted ? "grant" : "refuse")"
        }
    }

    static let voteCases = [
        VoteCase(earlierVote: nil, candidate: 2, granted: true),
        VoteCase(earlierVote: nil, candidate: 3, granted: true),
        VoteCase(earlierVote: 2, candidate: 2, granted: true),
        VoteCase(earlierVote: 3, candidate: 3, granted: true),
        VoteCase(earlierVote: 2, candidate: 3, granted: false),
        VoteCase(earlierVote: 3, candidate: 2, granted: false),
    ]

    @Test("a follower grants its vote only if it has not voted for someone else this term", arguments: voteCases)
    func followerVote(_ example: VoteCase) throws {
        let durable = Paper.state(voters: Self.voters, terms: [1], term: 2, vote: example.earlierVote)
        var follower = try PaperPeer(Paper.configuration(1), durable: durable)
        follower.step(Self.request(from: example.candidate, term: 2))
        #expect(follower.drain() == [Self.answer(to: example.candidate, term: 2, granted: example.granted)])
        #expect(follower.node.status.vote == example.earlierVote ?? example.candidate)
    }

    @Test("first come first served: the vote is persisted before the grant leaves, and survives a restart")
    func voteSurvivesRestart() throws {
        var follower = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: Self.voters))
        _ = follower.drain()
        follower.step(Self.request(from: 2, term: 2))
        let ready = try follower.takeReady()
        #expect(ready.persist.hardState == HardState(term: 2, vote: 2, commit: 1))
        #expect(follower.carryOut(ready).messages == [Self.answer(to: 2, term: 2, granted: true)])

        follower.step(Self.request(from: 3, term: 2))
        #expect(follower.drain() == [Self.answer(to: 3, term: 2, granted: false)])

        try follower.restart()
        #expect(follower.node.term == 2)
        #expect(follower.node.status.vote == 2)
        follower.step(Self.request(from: 3, term: 2))
        #expect(follower.drain() == [Self.answer(to: 3, term: 2, granted: false)])
        // The candidate it voted for may ask again (its request or our answer was lost).
        follower.step(Self.request(from: 2, term: 2))
        #expect(follower.drain() == [Self.answer(to: 2, term: 2, granted: true)])

        // A new term frees the vote.
        follower.step(Self.request(from: 3, term: 3))
        #expect(follower.drain() == [Self.answer(to: 3, term: 3, granted: true)])
        #expect(follower.durable.hardState == HardState(term: 3, vote: 3, commit: 1))
    }

    @Test("a candidate refuses every other candidate of its term")
    func candidateVotedForItself() throws {
        var candidate = try Paper.core(in: .candidate, voters: Self.voters)
        candidate.step(Self.request(from: 2, term: 2))
        #expect(candidate.drain() == [Self.answer(to: 2, term: 2, granted: false)])
        #expect(candidate.node.role == .candidate)
    }

    struct UpToDateCase: Sendable, CustomTestStringConvertible {
        var lastTerm: Term
        var lastIndex: LogIndex
        var granted: Bool
        var testDescription: String { "candidate's last entry (\(lastIndex), term \(lastTerm))" }
    }

    /// Against a voter whose log ends with (index 3, term 2).
    static let upToDateCases = [
        UpToDateCase(lastTerm: 1, lastIndex: 2, granted: false),
        UpToDateCase(lastTerm: 1, lastIndex: 3, granted: false),
        UpToDateCase(lastTerm: 1, lastIndex: 4, granted: false),
        UpToDateCase(lastTerm: 2, lastIndex: 2, granted: false),
        UpToDateCase(lastTerm: 2, lastIndex: 3, granted: true),
        UpToDateCase(lastTerm: 2, lastIndex: 4, granted: true),
        UpToDateCase(lastTerm: 3, lastIndex: 1, granted: true),
        UpToDateCase(lastTerm: 3, lastIndex: 3, granted: true),
        UpToDateCase(lastTerm: 3, lastIndex: 4, granted: true),
    ]

    @Test(
        "a vote or pre-vote is granted only to a log at least as up to date",
        arguments: upToDateCases, [false, true])
    func voterUpToDateCheck(_ example: UpToDateCase, preVote: Bool) throws {
        let durable = Paper.state(voters: Self.voters, terms: [1, 2, 2], term: 2)
        var voter = try PaperPeer(Paper.configuration(1), durable: durable)
        let body =
            preVote
            ? MessageBody.preVote(lastIndex: example.lastIndex, lastTerm: example.lastTerm)
            : .vote(lastIndex: example.lastIndex, lastTerm: example.lastTerm, leadershipTransfer: false)
        voter.step(Paper.message(2, 1, term: 3, body))
        let expected =
            preVote
            // A pre-vote grant echoes the term asked about; a refusal tells our own.
            ? Paper.message(1, 2, term: example.granted ? 3 : 2, .preVoteResponse(granted: example.granted))
            : Self.answer(to: 2, term: 3, granted: example.granted)
        #expect(voter.drain() == [expected])
        // Only a real vote request moves the voter to the new term.
        #expect(voter.node.term == (preVote ? 2 : 3))
        #expect(voter.node.status.vote == (example.granted && !preVote ? 2 : nil))
    }
}
