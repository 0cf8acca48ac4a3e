import Consensus
import Testing

/// §5.2, §5.3: what a leader sends. Heartbeats on its interval and nothing else when idle; a
/// proposal appended locally and sent with the right previous index and term.
@Suite("Paper §5.3: leader replication")
struct PaperReplicationTests {
    static let voters: [NodeID] = [1, 2, 3]

    @Test("an idle leader sends one heartbeat per follower every heartbeat interval, and nothing else")
    func leaderHeartbeat() throws {
        let interval = 3
        var leader = try Paper.establishedLeader(voters: Self.voters) { $0.heartbeatIntervalTicks = interval }
        let durable = leader.durable
        var rounds: [Int] = []
        for tick in 1...(3 * Paper.electionTimeout) {
            leader.tick()
            let sent = leader.drain()
            guard !sent.isEmpty else { continue }
            rounds.append(tick)
            #expect(sent == [2, 3].map { Paper.message(1, $0, term: 2, .heartbeat(commit: 2, readRound: 0)) })
            // The followers answer, so check-quorum keeps the leader in place.
            for heartbeat in sent {
                leader.step(Paper.message(heartbeat.to, 1, term: 2, .heartbeatResponse(readRound: 0)))
            }
            #expect(leader.drain().isEmpty)
        }
        #expect(rounds == Array(stride(from: interval, through: 3 * Paper.electionTimeout, by: interval)))
        #expect(leader.node.role == .leader)
        #expect(leader.durable == durable)
    }

    @Test("a proposal is appended and persisted locally, then sent after the previous entry (index and term)")
    func leaderStartsReplication() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        let outcome = leader.node.propose([7])
        #expect(outcome == .appended(index: 3, term: 2))
        let entry = Entry(term: 2, index: 3, payload: .command([7]))
        let ready = try leader.takeReady()
        #expect(ready.persist.entries == [entry])
        #expect(ready.persist.hardState == nil)
        let append = Append(previousIndex: 2, previousTerm: 2, entries: [entry], commit: 2)
        #expect(leader.carryOut(ready).messages == [2, 3].map { Paper.message(1, $0, term: 2, .append(append)) })
        #expect(leader.node.lastIndex == 3)
        #expect(leader.node.commitIndex == 2)
    }

    @Test("§10.2.1: a leader's appends may leave before its own persist; votes, a new term and a follower's acknowledgements may not")
    func whatMaySendBeforePersist() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        _ = leader.node.propose([7])
        let ready = try leader.takeReady()
        let early = try #require(ready.messagesBeforePersist)
        #expect(!ready.persist.entries.isEmpty && early.map(\.to) == [2, 3])
        #expect(ready.mustSync)
        #expect(early == leader.carryOut(ready).messages)

        // A new commit index alone needs no fsync.
        leader.step(Paper.message(2, 1, term: 2, .appendResponse(.accepted(matchIndex: 3))))
        let committing = try leader.takeReady()
        #expect(committing.persist.hardState?.commit == 3 && committing.persist.entries.isEmpty)
        #expect(!committing.mustSync)

        // The follower acknowledges only what it has made durable.
        let durable = Paper.state(voters: Self.voters, terms: [1, 2], term: 2)
        var follower = try PaperPeer(Paper.configuration(2), durable: durable)
        follower.step(early[0])
        let acknowledging = try follower.takeReady()
        #expect(acknowledging.persist.entries.count == 1)
        #expect(acknowledging.messagesBeforePersist == nil)

        // A campaign's new term and vote go to disk before the vote requests.
        try follower.timeOut()
        let campaign = try follower.takeReady()
        #expect(campaign.persist.hardState?.term == 3)
        #expect(campaign.messagesBeforePersist == nil && campaign.mustSync)
    }

    @Test("a leader counts itself toward a quorum only for entries its shell reported durable, so a persist may overlap the next turn")
    func leaderVotesWithItsDisk() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        _ = leader.node.propose([7])
        let first = try leader.takeReady()
        #expect(first.nextMayOverlap && first.persist.durableThrough?.index == 3)
        // Its persist is under way; a second proposal is stepped and taken meanwhile.
        _ = leader.node.propose([8])
        let second = try leader.takeReady()
        #expect(second.persist.entries.map(\.index) == [4])

        // One follower holds both: with the leader's disk still behind, that is one of three.
        leader.step(Paper.message(2, 1, term: 2, .appendResponse(.accepted(matchIndex: 4))))
        #expect(leader.node.commitIndex == 2)

        // The first persist completes: entry 3 is on two disks of three, entry 4 on one.
        leader.node.persisted(first.persist)
        #expect(leader.node.commitIndex == 3)
        // A report for entries replaced since (another term at that index) counts for nothing.
        leader.node.persisted(through: 4, term: 1)
        #expect(leader.node.commitIndex == 3)
        leader.node.persisted(second.persist)
        #expect(leader.node.commitIndex == 4)
    }

    @Test("a Ready that changes the term or vote must be durable before the next is taken; one that only appends need not")
    func overlapStopsAtTermAndVote() throws {
        let durable = Paper.state(voters: Self.voters, terms: [1, 2], term: 2)
        var follower = try PaperPeer(Paper.configuration(2), durable: durable)
        try follower.timeOut()
        let campaign = try follower.takeReady()
        #expect(campaign.persist.hardState?.term == 3 && !campaign.nextMayOverlap)
    }

    @Test("a new leader's first append follows its last entry, whatever that entry's term")
    func newLeaderAppendsAfterItsLastEntry() throws {
        let durable = Paper.state(voters: Self.voters, terms: [1, 1, 2], term: 2)
        var leader = try PaperPeer(Paper.configuration(1), durable: durable)
        try leader.timeOut()
        let requests = leader.drain()
        #expect(requests.map(\.body) == Array(repeating: .vote(lastIndex: 3, lastTerm: 2, leadershipTransfer: false), count: 2))
        leader.step(Paper.message(2, 1, term: 3, .voteResponse(granted: true)))
        #expect(leader.node.role == .leader)
        let noop = Entry(term: 3, index: 4, payload: .noop)
        let append = Append(previousIndex: 3, previousTerm: 2, entries: [noop], commit: 1)
        #expect(leader.drain() == [2, 3].map { Paper.message(1, $0, term: 3, .append(append)) })
        #expect(leader.durable.entries.last == noop)
    }
}
