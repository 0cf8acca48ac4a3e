import Consensus
import Simulation
import Testing

/// RAFT-SCENARIOS.md, "Agreement": log replication on the simulated network.
@Suite("Scenario: agreement")
struct ScenarioAgreementTests {
    static let timeout = Scenario.electionTimeout

    @Test("basic agree: proposals commit on all nodes, at consecutive indexes")
    func basicAgree() throws {
        var sim = Scenario.cluster(seed: 101, nodes: 3)
        let leader = try sim.mustElect()
        var expected = try #require(sim.core(leader)?.lastIndex) + 1
        for _ in 0..<3 {
            #expect(sim.nodeIDs.allSatisfy { sim.node($0).stateMachine.appliedIndex < expected }, "applied before proposed")
            let proposal = try sim.mustAgree()
            #expect(proposal.map(\.index) == [expected])
            #expect(sim.sameState(on: sim.nodeIDs))
            expected += 1
        }
        let commands = sim.node(leader).stateMachine.commands
        #expect(commands.count == 3)
        #expect(sim.nodeIDs.allSatisfy { sim.node($0).stateMachine.commands == commands })
        #expect(sim.violation == nil, sim.diagnosis)
    }

    /// Proposes at the leader of a settled 3-node cluster, `burst` commands at once each tick for
    /// `ticks` ticks, waits until all are applied, and returns per follower the indexes of the
    /// entries the leader sent it, in order.
    private func entriesOnTheWire(seed: UInt64, burst: Int, ticks: Int) throws
        -> (sim: Simulator, proposed: [LogIndex], sent: [NodeID: [LogIndex]])
    {
        var sim = Scenario.cluster(seed: seed, nodes: 3, traceCapacity: 50_000)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        sim.run(ticks: Self.timeout)
        let start = sim.now
        var proposals: [ScenarioProposal] = []
        for _ in 0..<ticks {
            proposals += try sim.mustPropose(burst, at: leader)
            sim.step()
        }
        try sim.mustApply(proposals, on: sim.nodeIDs)
        sim.run(ticks: Self.timeout)
        let messages = try #require(sim.delivered(since: start), "the trace is too short")
        var sent: [NodeID: [LogIndex]] = [:]
        for follower in sim.nodeIDs where follower != leader {
            sent[follower] = messages.filter { $0.from == leader && $0.to == follower }.flatMap { message -> [LogIndex] in
                guard case .append(let append) = message.body else { return [] }
                return append.entries.map(\.index)
            }
        }
        return (sim, proposals.map(\.index), sent)
    }

    @Test("each entry sent once: pipelined proposals cross the wire once per follower")
    func eachEntrySentOnce() throws {
        let wire = try entriesOnTheWire(seed: 102, burst: 1, ticks: 20)
        for (follower, sent) in wire.sent {
            #expect(sent == wire.proposed, "entries sent to n\(follower): \(sent)")
        }
        #expect(wire.sim.violation == nil, wire.sim.diagnosis)
    }

    @Test("each entry sent once: a burst of proposals crosses the wire once per follower")
    func eachEntrySentOnceInABurst() throws {
        let wire = try entriesOnTheWire(seed: 102, burst: 10, ticks: 2)
        for (follower, sent) in wire.sent {
            #expect(sent.count == wire.proposed.count, "entries sent to n\(follower): \(sent)")
        }
        #expect(wire.sim.violation == nil, wire.sim.diagnosis)
    }

    @Test("message count: an election, ten commits and an idle cluster take a bounded number of messages")
    func messageCount() throws {
        var sim = Scenario.cluster(seed: 103, nodes: 3, traceCapacity: 50_000)
        let peers = sim.nodeIDs.count - 1
        try sim.mustElect()
        let election = try #require(sim.delivered(since: 0))
        let campaign = election.filter { message in
            switch message.body {
            case .preVote, .preVoteResponse, .vote, .voteResponse: true
            default: false
            }
        }
        // A few rounds of pre-vote and vote (timeouts fall on whole ticks, so votes split now and
        // then), each a request and an answer per peer.
        #expect(campaign.count <= 5 * 2 * 2 * peers, "\(campaign.count) election messages")

        let start = sim.now
        try sim.mustAgree(10)
        let agreement = try #require(sim.delivered(since: start))
        // At most one request and one answer per entry and peer, however the leader batches.
        #expect(agreement.count <= 10 * 2 * peers, "\(agreement.count) messages to commit 10 entries")

        sim.run(ticks: Self.timeout)
        let idleStart = sim.now
        let idleTicks = 10 * Self.timeout
        sim.run(ticks: idleTicks)
        let idle = try #require(sim.delivered(since: idleStart))
        let heartbeats = idle.filter { message in
            switch message.body {
            case .heartbeat, .heartbeatResponse: true
            default: false
            }
        }
        let interval = sim.options.heartbeatIntervalTicks
        #expect(heartbeats.count == idle.count, "an idle cluster sent \(idle.count - heartbeats.count) other messages")
        #expect(heartbeats.count <= (idleTicks / interval + 1) * peers * 2, "\(heartbeats.count) heartbeats in \(idleTicks) ticks")
        #expect(heartbeats.count >= (idleTicks / interval - 1) * peers * 2, "the leader fell silent")
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("follower failure: one follower gone, commits go on; two gone, nothing commits")
    func followerFailure() throws {
        var sim = Scenario.cluster(seed: 104, nodes: 3)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let followers = sim.nodeIDs.filter { $0 != leader }
        sim.crash(followers[0])
        try sim.mustAgree(2, among: [leader, followers[1]])

        sim.crash(followers[1])
        let stranded = try sim.mustPropose(1, at: leader)[0]
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.isCommitted(stranded) != true)
        #expect(sim.highestCommitted < stranded.index)

        sim.healAll()
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("leader failure: the old leader's uncommitted entry is lost, the new leader commits")
    func leaderFailure() throws {
        var sim = Scenario.cluster(seed: 105, nodes: 3)
        try sim.mustAgree()
        let first = try #require(sim.leader)
        let others = sim.nodeIDs.filter { $0 != first }
        // The leader takes an entry nobody else sees, then dies.
        sim.isolate(first)
        let lost = try sim.mustPropose(1, at: first)[0]
        sim.crash(first)
        sim.healPartition()
        let second = try sim.mustElect(among: others)
        try sim.mustAgree(2, among: others)

        // The new leader dies as well: the last node alone elects nobody and commits nothing.
        sim.crash(second)
        let last = try #require(others.first { $0 != second })
        let committed = sim.highestCommitted
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.leaders.isEmpty)
        #expect(sim.highestCommitted == committed)
        guard case .rejected(.notLeader)? = sim.propose(at: last) else {
            Issue.record("a lone follower accepted a write")
            return
        }

        sim.healAll()
        sim.checkLiveness()
        #expect(sim.isCommitted(lost) == false, "the dead leader's lone entry survived")
        #expect(sim.core(first)?.term(at: lost.index) != lost.term, "the old leader kept its uncommitted entry")
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("fail agree: a follower cut off and brought back catches up")
    func failAgree() throws {
        var sim = Scenario.cluster(seed: 106, nodes: 3)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let follower = try #require(sim.nodeIDs.first { $0 != leader })
        sim.isolate(follower)
        try sim.mustAgree(4, among: sim.nodeIDs.filter { $0 != follower })
        sim.run(ticks: 5 * Self.timeout)
        sim.healPartition()
        try sim.mustAgree(2)
        #expect(sim.sameState(on: sim.nodeIDs))
        #expect(sim.node(follower).stateMachine.commands.count == 7)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("fail no agree: 5 nodes, 3 followers cut off: the leader's entry never commits until healed")
    func failNoAgree() throws {
        var sim = Scenario.cluster(seed: 107, nodes: 5)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let buddy = try #require(sim.nodeIDs.first { $0 != leader })
        sim.connectOnly([leader, buddy])
        let expected = try #require(sim.core(leader)?.lastIndex) + 1
        let stranded = try sim.mustPropose(1, at: leader)[0]
        #expect(stranded.index == expected)
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.isCommitted(stranded) != true)
        #expect(sim.highestCommitted < stranded.index)

        sim.healPartition()
        let after = try sim.mustAgree(3)
        // The stranded entry was either committed by the next leader or overwritten: decided, and consistent.
        #expect(sim.isCommitted(stranded) != nil)
        #expect(after.allSatisfy { $0.index > stranded.index })
        #expect(sim.sameState(on: sim.nodeIDs))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("concurrent starts: proposals made at once, at the leader and through followers, commit exactly once")
    func concurrentStarts() throws {
        var sim = Scenario.cluster(seed: 108, nodes: 3)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let before = sim.node(leader).stateMachine.commands.count
        var outcomes: [ProposalOutcome?] = []
        for _ in 0..<4 {
            for id in sim.nodeIDs { outcomes.append(sim.propose(at: id)) }
        }
        let appended = outcomes.filter { if case .appended? = $0 { true } else { false } }.count
        let forwarded = outcomes.filter { $0 == .forwarded(to: leader) }.count
        #expect(appended == 4 && forwarded == 8, "outcomes: \(outcomes)")
        let total = before + outcomes.count
        #expect(sim.run(upTo: 10 * Self.timeout) { sim in
            sim.nodeIDs.allSatisfy { sim.node($0).stateMachine.commands.count >= total }
        })
        sim.run(ticks: 5 * Self.timeout)
        for id in sim.nodeIDs {
            let commands = sim.node(id).stateMachine.commands
            #expect(commands.count == total, "n\(id) applied \(commands.count) commands, expected \(total)")
            #expect(Set(commands).count == commands.count, "n\(id) applied a command twice")
        }
        #expect(sim.sameState(on: sim.nodeIDs))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("rejoin: a deposed leader with uncommitted entries cannot win and has its log repaired")
    func rejoin() throws {
        var sim = Scenario.cluster(seed: 109, nodes: 3)
        try sim.mustAgree()
        let all = sim.nodeIDs
        let first = try #require(sim.leader)
        sim.isolate(first)
        let stranded = try sim.mustPropose(3, at: first)
        let others = all.filter { $0 != first }
        let second = try sim.mustElect(among: others)
        try sim.mustAgree(1, among: others)

        // The new leader is cut off in turn; the old one comes back beside the last node.
        let last = try #require(others.first { $0 != second })
        sim.connectOnly([first, last])
        var firstLed = false
        let healed = sim.run(upTo: 40 * Self.timeout) { sim in
            if sim.core(first)?.role == .leader { firstLed = true }
            return sim.leader(among: [first, last]) != nil
        }
        #expect(healed, sim.diagnosis)
        #expect(!firstLed, "the deposed leader with a stale log won an election")
        #expect(sim.leader(among: [first, last]) == last)
        try sim.mustAgree(1, among: [first, last])
        for entry in stranded {
            #expect(sim.isCommitted(entry) == false)
            #expect(sim.core(first)?.term(at: entry.index) == sim.core(last)?.term(at: entry.index))
        }

        sim.healAll()
        sim.checkLiveness()
        #expect(sim.sameState(on: all))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("backup: 5 nodes, logs diverging by 50 entries converge in a few round trips per follower")
    func backup() throws {
        // No compaction, so that the logs can be compared entry by entry afterwards.
        var profile = Scenario.quiet
        profile.compactEveryEntries = 100_000
        var sim = Scenario.cluster(seed: 110, nodes: 5, profile: profile, traceCapacity: 50_000)
        let all = sim.nodeIDs
        try sim.mustAgree()
        let leader1 = try #require(sim.leader)
        let buddy = try #require(all.first { $0 != leader1 })
        let rest = all.filter { $0 != leader1 && $0 != buddy }

        // The leader and one follower take 50 entries that cannot commit.
        sim.connectOnly([leader1, buddy])
        let doomed = try sim.mustPropose(50, at: leader1)
        sim.run(ticks: 3)
        #expect(sim.core(buddy)?.lastIndex == doomed.last?.index)

        // The other three commit 50 of their own.
        sim.connectOnly(rest)
        try sim.mustAgree(50, among: rest)

        // One of them is cut off; the leader of the other two takes 50 that cannot commit.
        let leader2 = try sim.mustElect(among: rest)
        let other = try #require(rest.first { $0 != leader2 })
        sim.connectOnly(rest.filter { $0 != other })
        _ = try sim.mustPropose(50, at: leader2)
        sim.run(ticks: 3)

        // The first pair and the cut-off node: it holds the newest committed entries, so it leads and repairs them.
        let repair = sim.now
        sim.connectOnly([leader1, buddy, other])
        try sim.mustAgree(50, among: [leader1, buddy, other])
        #expect(sim.leader(among: [leader1, buddy, other]) == other)
        #expect(doomed.allSatisfy { sim.isCommitted($0) == false })

        // Everyone together: every log converges quickly, whatever the number of differing entries.
        sim.healPartition()
        try sim.mustAgree(1, within: 10 * Self.timeout)
        #expect(sim.sameState(on: all))
        // Fast backtracking: a rejection or so per differing term (three here), not one per entry (fifty).
        let messages = try #require(sim.delivered(since: repair))
        for follower in all {
            let rejections = messages.filter { message in
                guard message.from == follower, case .appendResponse(.rejected(let index, _, _)) = message.body else { return false }
                return index > 0
            }
            #expect(rejections.count <= 5, "n\(follower) rejected \(rejections.count) appends while converging")
        }
        #expect(sim.violation == nil, sim.diagnosis)
    }
}
