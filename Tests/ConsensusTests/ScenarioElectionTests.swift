import Consensus
import Simulation
import Testing

/// RAFT-SCENARIOS.md, "Election": several cores on the simulated network.
@Suite("Scenario: election")
struct ScenarioElectionTests {
    static let timeout = Scenario.electionTimeout

    @Test("initial election: one leader, then the term stays put", arguments: [false, true], [false, true])
    func initialElection(preVote: Bool, checkQuorum: Bool) throws {
        var sim = Scenario.cluster(seed: 11, nodes: 3, preVote: preVote, checkQuorum: checkQuorum)
        let leader = try sim.mustElect()
        #expect(sim.leaders == [leader])
        let term = try #require(sim.core(leader)?.term)
        // Fifty election timeouts without a fault: nobody campaigns again.
        let disturbed = sim.run(upTo: 50 * Self.timeout) { sim in
            sim.leaders != [leader] || sim.nodeIDs.contains { sim.core($0)?.term != term }
        }
        #expect(!disturbed, "the term moved from \(term) or the leader changed without a fault")
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("re-election: a cut-off leader is replaced; without a quorum there is no leader")
    func reElection() throws {
        var sim = Scenario.cluster(seed: 21, nodes: 3)
        let all = sim.nodeIDs
        let first = try sim.mustElect()

        sim.isolate(first)
        let second = try sim.mustElect(among: all.filter { $0 != first })
        #expect(second != first)

        // The old leader comes back: still one leader, whom everyone follows.
        sim.healPartition()
        let third = try sim.mustElect()
        #expect(sim.leaders == [third])

        // The leader and one more cut off: the old leader steps down and nobody can win.
        let other = try #require(all.first { $0 != third })
        sim.isolate(third)
        sim.isolate(other)
        #expect(sim.run(upTo: 3 * Self.timeout) { $0.leaders.isEmpty }, "the cut-off leader kept leading")
        #expect(!sim.run(upTo: 10 * Self.timeout) { !$0.leaders.isEmpty }, "a leader was elected without a quorum")

        // One of them back: a quorum again, so a leader again.
        sim.healPartition()
        sim.isolate(other)
        #expect(sim.awaitLeader(among: all.filter { $0 != other }) != nil, sim.diagnosis)

        sim.healAll()
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("many elections: 7 nodes, 3 cut off at random, again and again")
    func manyElections() throws {
        var sim = Scenario.cluster(seed: 31, nodes: 7)
        var random = SeededRandom(seed: 31)
        let all = sim.nodeIDs
        try sim.mustElect()
        for round in 0..<10 {
            let cut = random.pick(3, of: all)
            let connected = all.filter { !cut.contains($0) }
            sim.connectOnly(connected)
            // A majority is connected: it has (or gets) a leader that all of it follows.
            #expect(sim.awaitLeader(among: connected) != nil, "round \(round): no leader among \(connected)")
            sim.run(ticks: Self.timeout)
        }
        sim.healAll()
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    /// A follower of 5 cut off for twenty timeouts while the others commit, then healed for twenty
    /// more. Returns the healthy nodes' term before the cut and after the rejoin, the cut node and
    /// the leader before the cut.
    private func rejoinAfterLongPartition(preVote: Bool, checkQuorum: Bool) throws
        -> (sim: Simulator, before: Term, after: Term, victim: NodeID, leader: NodeID)
    {
        var sim = Scenario.cluster(seed: 41, nodes: 5, preVote: preVote, checkQuorum: checkQuorum)
        let leader = try sim.mustElect()
        let term = try #require(sim.core(leader)?.term)
        let victim = try #require(sim.nodeIDs.first { $0 != leader })
        let healthy = sim.nodeIDs.filter { $0 != victim }
        sim.isolate(victim)
        try sim.mustAgree(5, among: healthy)
        sim.run(ticks: 20 * Self.timeout)
        if preVote {
            // Pre-votes never change a term: the cut-off node did not run up its own.
            #expect(sim.core(victim)?.term == term)
        } else {
            #expect((sim.core(victim)?.term ?? 0) > term)
        }
        sim.healPartition()
        sim.run(ticks: 20 * Self.timeout)
        let after = healthy.compactMap { sim.core($0)?.term }.max() ?? 0
        return (sim, term, after, victim, leader)
    }

    @Test("pre-vote: a node cut off for many timeouts rejoins without raising the term or unseating the leader", arguments: [false, true])
    func preVoteWithPartitionedNode(checkQuorum: Bool) throws {
        let rejoin = try rejoinAfterLongPartition(preVote: true, checkQuorum: checkQuorum)
        var sim = rejoin.sim
        #expect(rejoin.after == rejoin.before, "the healthy cluster's term moved from \(rejoin.before) to \(rejoin.after)")
        #expect(sim.leaders == [rejoin.leader], "the leader was unseated")
        #expect(sim.leader(among: sim.nodeIDs) == rejoin.leader)
        #expect(sim.sameState(on: sim.nodeIDs), "n\(rejoin.victim) did not catch up")
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("without pre-vote the same rejoin raises the term (so the pre-vote test can tell)")
    func noPreVoteRejoinDisrupts() throws {
        let rejoin = try rejoinAfterLongPartition(preVote: false, checkQuorum: false)
        var sim = rejoin.sim
        #expect(rejoin.after > rejoin.before)
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("check-quorum: a leader cut off from the majority steps down within an election timeout")
    func checkQuorumStepDown() throws {
        var sim = Scenario.cluster(seed: 51, nodes: 5, checkQuorum: true)
        let leader = try sim.mustElect()
        let minority = [leader, try #require(sim.nodeIDs.first { $0 != leader })]
        let majority = sim.nodeIDs.filter { !minority.contains($0) }
        sim.partition(minority, from: majority)
        let cut = sim.now
        // A check-quorum window was already open when the cut came: allow it plus one whole window.
        #expect(sim.run(upTo: 2 * Self.timeout) { $0.core(leader)?.role != .leader }, "the cut-off leader did not step down")
        #expect(sim.now - cut <= 2 * Self.timeout)
        let refused = sim.propose(at: leader)
        guard case .rejected(.notLeader)? = refused else {
            Issue.record("the deposed leader answered a write with \(String(describing: refused))")
            return
        }
        let successor = try sim.mustElect(among: majority)
        sim.healPartition()
        #expect(sim.awaitLeader() == successor, "the majority's leader should lead the healed cluster")
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("check-quorum: a candidate stuck in a higher term is freed when the partition heals")
    func stuckCandidateFreed() throws {
        var sim = Scenario.cluster(seed: 52, nodes: 5, preVote: false, checkQuorum: true)
        let leader = try sim.mustElect()
        let term = try #require(sim.core(leader)?.term)
        let stuck = try #require(sim.nodeIDs.first { $0 != leader })
        sim.isolate(stuck)
        // The others go on committing, so the stuck node's log is behind: it cannot win when it returns.
        try sim.mustAgree(3, among: sim.nodeIDs.filter { $0 != stuck })
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.core(stuck)?.role == .candidate)
        #expect((sim.core(stuck)?.term ?? 0) > term + 2, "the cut-off node should have campaigned in vain")
        sim.healPartition()
        let healed = try sim.mustElect(within: 20 * Self.timeout)
        #expect(sim.core(stuck)?.role == .follower)
        #expect(sim.core(stuck)?.leader == healed)
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("leadership transfer to an up-to-date follower is quicker than an election")
    func transferToUpToDateFollower() throws {
        var sim = Scenario.cluster(seed: 61, nodes: 3)
        try sim.mustAgree(3)
        let leader = try #require(sim.leader)
        let term = try #require(sim.core(leader)?.term)
        let target = try #require(sim.nodeIDs.first { $0 != leader })
        let asked = sim.now
        #expect(sim.withCore(leader) { $0.transferLeadership(to: target) == nil } == true)
        #expect(sim.run(upTo: Self.timeout) { $0.leader(among: $0.nodeIDs) == target }, "no transfer within a timeout")
        #expect(sim.now - asked < Self.timeout)
        #expect(sim.core(target)?.term == term + 1)
        try sim.mustAgree()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("leadership transfer to a slow follower: caught up first, proposals refused meanwhile")
    func transferToSlowFollower() throws {
        var sim = Scenario.cluster(seed: 62, nodes: 3)
        let leader = try sim.mustElect()
        let slow = try #require(sim.nodeIDs.first { $0 != leader })
        sim.isolate(slow)
        try sim.mustAgree(10, among: sim.nodeIDs.filter { $0 != slow })
        let leaderLog = try #require(sim.core(leader)?.lastIndex)
        #expect((sim.core(slow)?.lastIndex ?? 0) < leaderLog)

        #expect(sim.withCore(leader) { $0.transferLeadership(to: slow) == nil } == true)
        #expect(sim.propose(at: leader) == .rejected(.leadershipTransferInProgress))
        sim.run(ticks: 2)
        #expect(sim.propose(at: leader) == .rejected(.leadershipTransferInProgress))
        sim.healPartition()
        #expect(sim.run(upTo: Self.timeout) { $0.leader(among: $0.nodeIDs) == slow }, "the slow follower did not take over")
        #expect((sim.core(slow)?.commitIndex ?? 0) >= leaderLog)
        try sim.mustAgree()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("leadership transfer to a dead follower is abandoned after an election timeout")
    func transferToDeadFollowerAborts() throws {
        var sim = Scenario.cluster(seed: 63, nodes: 3)
        let leader = try sim.mustElect()
        let term = try #require(sim.core(leader)?.term)
        let dead = try #require(sim.nodeIDs.first { $0 != leader })
        sim.crash(dead)
        let asked = sim.now
        #expect(sim.withCore(leader) { $0.transferLeadership(to: dead) == nil } == true)
        #expect(sim.core(leader)?.status.transferTarget == dead)
        #expect(sim.propose(at: leader) == .rejected(.leadershipTransferInProgress))
        #expect(sim.run(upTo: 2 * Self.timeout) { $0.core(leader)?.status.transferTarget == nil }, "the transfer never gave up")
        #expect(sim.now - asked <= Self.timeout + 1)
        #expect(sim.core(leader)?.role == .leader)
        #expect(sim.core(leader)?.term == term)
        try sim.mustAgree(among: sim.nodeIDs.filter { $0 != dead })
        sim.healAll()
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("priority: the preferred node leads, and leadership returns to it after a crash")
    func priorityLeaderReturns() throws {
        var sim = Scenario.cluster(seed: 71, nodes: 5, preferredLeader: 1)
        #expect(sim.run(upTo: 40 * Self.timeout) { $0.stableLeader == 1 }, "node 1 never took the lead")
        try sim.mustAgree(2)

        sim.crash(1)
        let others = sim.nodeIDs.filter { $0 != 1 }
        let standIn = try sim.mustElect(among: others)
        #expect(standIn != 1)
        try sim.mustAgree(3, among: others)

        // Back up: leadership returns within a few check-quorum windows, with no longer gap than a transfer.
        sim.restart(1)
        var leaderlessTicks = 0
        for _ in 0..<10 * Self.timeout where sim.stableLeader != 1 && sim.violation == nil {
            sim.step()
            if sim.leaders.isEmpty { leaderlessTicks += 1 }
        }
        #expect(sim.stableLeader == 1, "leadership did not return to node 1")
        #expect(leaderlessTicks < Self.timeout, "\(leaderlessTicks) ticks without a leader")
        try sim.mustAgree()
        #expect(sim.violation == nil, sim.diagnosis)
    }
}
