import Consensus
import Testing

/// §5.2: starting an election, winning or losing it in one round, falling back to a leader, and
/// the randomized timeouts that keep split votes rare.
@Suite("Paper §5.2: elections")
struct PaperElectionTests {
    static let voters: [NodeID] = [1, 2, 3]
    static let timeout = Paper.electionTimeout

    static func voteRequests(term: Term, lastIndex: LogIndex = 1, lastTerm: Term = 1) -> [Message] {
        [2, 3].map {
            Paper.message(1, $0, term: term, .vote(lastIndex: lastIndex, lastTerm: lastTerm, leadershipTransfer: false))
        }
    }

    @Test("a follower that times out: term + 1, votes for itself, persists, then asks every voter")
    func followerStartsElection() throws {
        var peer = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: Self.voters))
        let ticks = try peer.timeOut()
        #expect((Self.timeout..<2 * Self.timeout).contains(ticks))
        #expect(peer.node.role == .candidate)
        #expect(peer.node.term == 2)
        #expect(peer.node.status.vote == 1)
        let ready = try peer.takeReady()
        #expect(ready.persist.hardState == HardState(term: 2, vote: 1, commit: 1))
        #expect(peer.carryOut(ready).messages == Self.voteRequests(term: 2))
    }

    @Test("a candidate that times out starts a new election in the next term")
    func candidateStartsNewElection() throws {
        var peer = try Paper.core(in: .candidate, voters: Self.voters)
        let ticks = try peer.timeOut()
        #expect((Self.timeout..<2 * Self.timeout).contains(ticks))
        #expect(peer.node.role == .candidate)
        #expect(peer.node.term == 3)
        let ready = try peer.takeReady()
        #expect(ready.persist.hardState == HardState(term: 3, vote: 1, commit: 1))
        #expect(peer.carryOut(ready).messages == Self.voteRequests(term: 3))
    }

    @Test("with pre-vote, a timeout asks about term + 1 without changing term or vote")
    func preVoteDoesNotBumpTerm() throws {
        var peer = try PaperPeer(Paper.configuration(1, preVote: true), durable: .bootstrap(voters: Self.voters))
        _ = peer.drain()
        let preVotes = [2, 3].map { Paper.message(1, $0, term: 2, .preVote(lastIndex: 1, lastTerm: 1)) }
        try peer.timeOut()
        #expect(peer.node.role == .preCandidate)
        #expect(peer.node.term == 1)
        #expect(peer.node.status.vote == nil)
        let ready = try peer.takeReady()
        #expect(ready.persist.hardState == nil)
        #expect(peer.carryOut(ready).messages == preVotes)

        // Unanswered, it asks again after another timeout, still in term 1.
        let again = try peer.tick(limit: 2 * Self.timeout) { $0.hasReady }
        #expect((Self.timeout..<2 * Self.timeout).contains(again))
        #expect(peer.drain() == preVotes)
        #expect(peer.node.term == 1)

        // A majority of pre-votes (its own and one more) starts the real election.
        peer.step(Paper.message(2, 1, term: 2, .preVoteResponse(granted: true)))
        #expect(peer.node.role == .candidate)
        #expect(peer.node.term == 2)
        let election = try peer.takeReady()
        #expect(election.persist.hardState == HardState(term: 2, vote: 1, commit: 1))
        #expect(peer.carryOut(election).messages == Self.voteRequests(term: 2))
    }

    @Test("with pre-vote, a candidate that times out asks for pre-votes again, staying in its term")
    func preVoteCandidateTimesOut() throws {
        var peer = try Paper.core(in: .preCandidate, voters: Self.voters)
        peer.step(Paper.message(2, 1, term: 2, .preVoteResponse(granted: true)))
        _ = peer.drain()
        try #require(peer.node.role == .candidate)
        try peer.timeOut()
        #expect(peer.node.role == .preCandidate)
        #expect(peer.node.term == 2)
        #expect(peer.node.status.vote == 1)
        let ready = try peer.takeReady()
        #expect(ready.persist.hardState == nil)
        #expect(
            peer.carryOut(ready).messages
                == [2, 3].map { Paper.message(1, $0, term: 3, .preVote(lastIndex: 1, lastTerm: 1)) })
    }

    @Test("with pre-vote, a majority of refusals sends the pre-candidate back to follower in its term")
    func preVoteRefusedByMajority() throws {
        var peer = try Paper.core(in: .preCandidate, voters: Self.voters)
        peer.step(Paper.message(2, 1, term: 1, .preVoteResponse(granted: false)))
        #expect(peer.node.role == .preCandidate)
        peer.step(Paper.message(3, 1, term: 1, .preVoteResponse(granted: false)))
        #expect(peer.node.role == .follower)
        #expect(peer.node.term == 1)
    }

    struct OneRoundCase: Sendable, CustomTestStringConvertible {
        var voters: Int
        /// The answers to the vote requests, in the order they arrive.
        var answers: [(from: NodeID, granted: Bool)]
        var expected: Role
        var testDescription: String {
            let answers = answers.map { "\($0.from)\($0.granted ? "+" : "-")" }.joined(separator: " ")
            return "\(voters) voters [\(answers)] -> \(expected)"
        }
    }

    static let oneRoundCases: [OneRoundCase] = [
        OneRoundCase(voters: 1, answers: [], expected: .leader),
        OneRoundCase(voters: 3, answers: [(2, true), (3, true)], expected: .leader),
        OneRoundCase(voters: 3, answers: [(2, true)], expected: .leader),
        OneRoundCase(voters: 3, answers: [(2, false), (3, true)], expected: .leader),
        OneRoundCase(voters: 5, answers: [(2, true), (3, true), (4, true), (5, true)], expected: .leader),
        OneRoundCase(voters: 5, answers: [(2, true), (3, true), (4, true)], expected: .leader),
        OneRoundCase(voters: 5, answers: [(2, true), (3, true)], expected: .leader),
        OneRoundCase(voters: 5, answers: [(2, false), (3, true), (4, false), (5, true)], expected: .leader),
        OneRoundCase(voters: 3, answers: [(2, false), (3, false)], expected: .follower),
        OneRoundCase(voters: 5, answers: [(2, false), (3, false), (4, false), (5, false)], expected: .follower),
        OneRoundCase(voters: 5, answers: [(2, true), (3, false), (4, false), (5, false)], expected: .follower),
        OneRoundCase(voters: 5, answers: [(2, false), (3, false), (4, false)], expected: .follower),
        OneRoundCase(voters: 3, answers: [], expected: .candidate),
        OneRoundCase(voters: 3, answers: [(2, false)], expected: .candidate),
        OneRoundCase(voters: 5, answers: [], expected: .candidate),
        OneRoundCase(voters: 5, answers: [(2, true)], expected: .candidate),
        OneRoundCase(voters: 5, answers: [(2, false), (3, false)], expected: .candidate),
    ]

    @Test("election in one round: granted by a majority, refused by a majority, or undecided", arguments: oneRoundCases)
    func electionInOneRound(_ example: OneRoundCase) throws {
        let voters = (1...NodeID(example.voters)).map { $0 }
        var peer = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: voters))
        try peer.timeOut()
        _ = peer.drain()
        for answer in example.answers {
            peer.step(Paper.message(answer.from, 1, term: 2, .voteResponse(granted: answer.granted)))
        }
        #expect(peer.node.role == example.expected)
        #expect(peer.node.term == 2)
        #expect(peer.node.leader == (example.expected == .leader ? 1 : nil))
        if example.expected == .leader {
            // A new leader's first act: its no-op, sent to every other voter.
            #expect(peer.node.entry(at: 2) == Entry(term: 2, index: 2, payload: .noop))
            let appends = peer.drain().filter { if case .append = $0.body { true } else { false } }
            #expect(Set(appends.map(\.to)) == Set(voters.dropFirst()))
        }
    }

    struct FallbackCase: Sendable, CustomTestStringConvertible {
        var role: Role
        var termAhead: Term
        var heartbeat: Bool
        var testDescription: String {
            "\(role) hears \(heartbeat ? "a heartbeat" : "an append") of term +\(termAhead)"
        }
    }

    static let fallbackCases = [Role.candidate, .preCandidate].flatMap { role in
        [Term(0), 1].flatMap { ahead in [false, true].map { FallbackCase(role: role, termAhead: ahead, heartbeat: $0) } }
    }

    @Test("a (pre-)candidate that hears a leader of its term or newer becomes its follower", arguments: fallbackCases)
    func candidateFallsBack(_ example: FallbackCase) throws {
        var peer = try Paper.core(in: example.role, voters: Self.voters)
        let term = peer.node.term + example.termAhead
        let body =
            example.heartbeat
            ? MessageBody.heartbeat(commit: 1, readRound: 0) : Paper.probe(previousIndex: 1, previousTerm: 1, commit: 1)
        peer.step(Paper.message(2, 1, term: term, body))
        #expect(peer.node.role == .follower)
        #expect(peer.node.term == term)
        #expect(peer.node.leader == 2)
    }

    @Test("election timeouts are spread over [T, 2T), drawn afresh for every election")
    func randomizedTimeoutsSpread() throws {
        var seen: Set<Int> = []
        for seed: UInt64 in 1...200 {
            var peer = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: Self.voters), seed: seed)
            for _ in 0..<2 {  // as follower, then again as candidate
                let ticks = try peer.timeOut()
                #expect((Self.timeout..<2 * Self.timeout).contains(ticks))
                seen.insert(ticks)
            }
        }
        #expect(seen == Set(Self.timeout..<2 * Self.timeout))
    }

    @Test("with five followers, usually exactly one times out first")
    func randomizedTimeoutsRarelyCollide() throws {
        let trials = 200
        var alone = 0
        for trial in 0..<trials {
            var first: [Int] = []
            for index in 0..<5 {
                let id = NodeID(index + 1)
                var peer = try PaperPeer(
                    Paper.configuration(id), durable: .bootstrap(voters: [1, 2, 3, 4, 5]),
                    seed: UInt64(trial * 5 + index + 1))
                first.append(try peer.timeOut())
            }
            let earliest = first.min()!
            if first.filter({ $0 == earliest }).count == 1 { alone += 1 }
        }
        // With T = 10 one follower fires alone about 77% of the time (uniform draws).
        #expect(alone * 10 >= trials * 6)
    }
}
