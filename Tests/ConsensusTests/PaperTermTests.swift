import Consensus
import Testing

/// §5.1: terms. A core starts as a follower in its persisted term, adopts any higher term it sees,
/// and ignores messages of a lower term (answering so that their sender learns the newer one).
@Suite("Paper §5.1: terms")
struct PaperTermTests {
    @Test("a new core starts as follower in term 0 with no vote")
    func startsAsFollowerInTermZero() throws {
        let peer = try PaperPeer(Paper.configuration(1), durable: .joining)
        #expect(peer.node.role == .follower)
        #expect(peer.node.term == 0)
        #expect(peer.node.leader == nil)
        #expect(peer.node.status.vote == nil)
        #expect(peer.node.lastIndex == 0)
    }

    @Test("a restarted core starts as follower in its persisted term, with its persisted vote")
    func startsAsFollowerInPersistedTerm() throws {
        let durable = Paper.state(voters: [1, 2, 3], terms: [1, 2, 5], term: 7, vote: 3, commit: 2)
        var peer = try PaperPeer(Paper.configuration(1), durable: durable)
        #expect(peer.node.role == .follower)
        #expect(peer.node.term == 7)
        #expect(peer.node.status.vote == 3)
        #expect(peer.node.leader == nil)
        #expect(peer.node.commitIndex == 2)
        #expect(peer.entries == durable.entries)
        #expect(peer.node.membership == Membership(voters: [1, 2, 3]))
        // Nothing to persist again: the first Ready only hands out the committed entries.
        let ready = try peer.takeReady()
        #expect(ready.persist.isEmpty)
        #expect(ready.persisted().committedEntries == Array(durable.entries.prefix(2)))
    }

    struct HigherTermCase: Sendable, CustomTestStringConvertible {
        var role: Role
        var kind: String
        var body: MessageBody
        /// The leader the core should know after adopting the term: the sender for a leader's message.
        var leaderIsSender: Bool
        var testDescription: String { "\(role) sees \(kind)" }
    }

    static let higherTermCases: [HigherTermCase] = [Role.follower, .preCandidate, .candidate, .leader].flatMap { role in
        [
            HigherTermCase(
                role: role, kind: "append", body: Paper.probe(previousIndex: 1, previousTerm: 1, commit: 1),
                leaderIsSender: true),
            HigherTermCase(
                role: role, kind: "heartbeat", body: .heartbeat(commit: 1, readRound: 0), leaderIsSender: true),
            HigherTermCase(
                role: role, kind: "vote request",
                body: .vote(lastIndex: 1, lastTerm: 1, leadershipTransfer: false), leaderIsSender: false),
            HigherTermCase(
                role: role, kind: "append rejection",
                body: .appendResponse(.rejected(rejectedIndex: 0, hintIndex: 0, hintTerm: 0)), leaderIsSender: false),
            HigherTermCase(role: role, kind: "vote refusal", body: .voteResponse(granted: false), leaderIsSender: false),
        ]
    }

    // Check-quorum off: with it, a voter that has a live leader ignores vote requests (tested below).
    @Test("a higher term turns any role into a follower in that term", arguments: higherTermCases)
    func higherTermMakesFollower(_ example: HigherTermCase) throws {
        var peer = try Paper.core(in: example.role, voters: [1, 2, 3]) { $0.checkQuorum = false }
        let newTerm = peer.node.term + 3
        peer.step(Paper.message(2, 1, term: newTerm, example.body))
        #expect(peer.node.role == .follower)
        #expect(peer.node.term == newTerm)
        #expect(peer.node.leader == (example.leaderIsSender ? 2 : nil))
        _ = peer.drain()
        #expect(peer.durable.hardState.term == newTerm)
    }

    @Test("with check-quorum, a leader ignores a higher-term vote request while its lease holds")
    func leaderLeaseIgnoresHigherTermVote() throws {
        var leader = try Paper.establishedLeader(voters: [1, 2, 3])
        leader.step(Paper.message(3, 1, term: 9, .vote(lastIndex: 5, lastTerm: 5, leadershipTransfer: false)))
        #expect(leader.node.role == .leader)
        #expect(leader.node.term == 2)
        #expect(leader.drain().isEmpty)
    }

    /// A follower in term 3 that knows nothing beyond the founding entry.
    static func followerInTermThree() throws -> PaperPeer {
        try PaperPeer(Paper.configuration(1), durable: Paper.state(voters: [1, 2, 3], terms: [1], term: 3))
    }

    @Test("a stale append or heartbeat changes nothing and is answered with the newer term")
    func staleAppendIsAnsweredWithNewerTerm() throws {
        let stale: [MessageBody] = [
            .append(Append(
                previousIndex: 1, previousTerm: 1, entries: [Entry(term: 2, index: 2, payload: .noop)], commit: 2)),
            .heartbeat(commit: 1, readRound: 0),
        ]
        for body in stale {
            var follower = try Self.followerInTermThree()
            follower.step(Paper.message(2, 1, term: 2, body))
            #expect(follower.node.term == 3)
            #expect(follower.node.leader == nil)
            #expect(follower.node.lastIndex == 1)
            #expect(follower.node.commitIndex == 1)
            #expect(
                follower.drain() == [
                    Paper.message(1, 2, term: 3, .appendResponse(.rejected(rejectedIndex: 0, hintIndex: 0, hintTerm: 0)))
                ])
        }
    }

    @Test("a stale vote request is ignored; a stale pre-vote is refused with the newer term")
    func staleVoteIsIgnored() throws {
        var follower = try Self.followerInTermThree()
        follower.step(Paper.message(2, 1, term: 2, .vote(lastIndex: 9, lastTerm: 2, leadershipTransfer: false)))
        #expect(follower.node.status.vote == nil)
        #expect(follower.drain().isEmpty)
        follower.step(Paper.message(2, 1, term: 2, .preVote(lastIndex: 9, lastTerm: 2)))
        #expect(follower.drain() == [Paper.message(1, 2, term: 3, .preVoteResponse(granted: false))])
        #expect(follower.node.term == 3)
    }

    @Test("a deposed leader learns the newer term from a follower's answer and steps down")
    func staleLeaderLearnsNewerTerm() throws {
        var leader = try Paper.establishedLeader(voters: [1, 2, 3])
        var follower = try PaperPeer(
            Paper.configuration(3), durable: Paper.state(voters: [1, 2, 3], terms: [1, 2], term: 3, commit: 2))
        leader.tick(leader.node.configuration.heartbeatIntervalTicks)
        let heartbeats = leader.drain()
        let heartbeat = try #require(heartbeats.first { $0.to == 3 })
        follower.step(heartbeat)
        for answer in follower.drain() { leader.step(answer) }
        #expect(leader.node.role == .follower)
        #expect(leader.node.term == 3)
        #expect(leader.node.leader == nil)
        #expect(follower.node.term == 3)
    }
}
