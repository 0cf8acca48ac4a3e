import Consensus
import Simulation
import Testing

/// RAFT-SCENARIOS.md, "Membership": one server at a time; a new node joins as a learner first.
@Suite("Scenario: membership")
struct ScenarioMembershipTests {
    static let timeout = Scenario.electionTimeout

    @Test("learner catches up and is promoted; learners never campaign and never count for a quorum")
    func learnerCatchesUpAndIsPromoted() throws {
        var sim = Scenario.cluster(seed: 401, nodes: 3)
        let voters = sim.nodeIDs
        // Enough history that the log is compacted: the learner starts from a snapshot.
        try sim.mustAgree(60)
        let learner = sim.addJoiningNode()
        let leader = try #require(sim.leader)
        try sim.mustChangeMembership(.addLearner(learner), among: voters)
        let caughtUp = sim.run(upTo: 20 * Self.timeout) { sim in
            sim.node(learner).stateMachine.appliedIndex == sim.core(leader)?.lastIndex
                && sim.core(learner)?.membership.learners == [learner]
        }
        #expect(caughtUp, "the learner did not catch up")
        #expect(sim.core(leader)?.membership.voters == voters)

        // Cut off for many timeouts, a learner never campaigns.
        let learnerTerm = try #require(sim.core(learner)?.term)
        sim.isolate(learner)
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.core(learner)?.role == .follower)
        #expect(sim.core(learner)?.term == learnerTerm)
        sim.healPartition()
        try sim.mustAgree()

        // Two voters down: the leader and the learner are no quorum; nothing commits, the leader steps down.
        let downVoters = voters.filter { $0 != leader }
        for id in downVoters { sim.crash(id) }
        let stranded = try sim.mustPropose(1, at: leader)[0]
        sim.run(ticks: 5 * Self.timeout)
        #expect(sim.isCommitted(stranded) != true)
        #expect(sim.node(learner).stateMachine.appliedIndex < stranded.index)
        #expect(sim.core(leader)?.role != .leader, "check-quorum counted the learner")
        for id in downVoters { sim.restart(id) }
        try sim.mustAgree()

        // Promoted, it votes and counts: four voters, any three of them commit.
        let promotion = try sim.mustChangeMembership(.promote(learner))
        let promoter = promotion.leader
        #expect(sim.run(upTo: 10 * Self.timeout) { $0.core(learner)?.membership.voters == voters + [learner] })
        #expect(sim.core(promoter)?.membership.learners == [])
        let spare = try #require(voters.first { $0 != promoter })
        sim.crash(spare)
        try sim.mustAgree(among: sim.nodeIDs.filter { $0 != spare })
        sim.healAll()
        sim.checkLiveness()
        #expect(sim.sameState(on: sim.nodeIDs))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("a learner that lags too far is not promoted until it catches up")
    func laggingLearnerNotPromoted() throws {
        var sim = Scenario.cluster(seed: 402, nodes: 3)
        let voters = sim.nodeIDs
        try sim.mustAgree()
        let learner = sim.addJoiningNode()
        try sim.mustChangeMembership(.addLearner(learner), among: voters)
        sim.crash(learner)
        try sim.mustAgree(300, among: voters)
        let leader = try #require(sim.leader)
        let refused = sim.withCore(leader) { $0.proposeMembershipChange(.promote(learner)) }
        guard case .rejected(.learnerNotCaughtUp)? = refused else {
            Issue.record("a learner 300 entries behind was promoted: \(String(describing: refused))")
            return
        }
        sim.restart(learner)
        // Caught up in the leader's eyes: what the promotion check looks at.
        #expect(sim.run(upTo: 20 * Self.timeout) { $0.core(leader)?.status.peers.first { $0.id == learner }?.lagEntries == 0 })
        try sim.mustChangeMembership(.promote(learner))
        #expect(sim.core(leader)?.membership.voters == voters + [learner])
        sim.checkLiveness()
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("add and remove one at a time; a removed node cannot disrupt; a removed leader steps down")
    func addAndRemoveOneAtATime() throws {
        var sim = Scenario.cluster(seed: 403, nodes: 3)
        try sim.mustAgree()
        // Grow to five voters, one server at a time.
        for _ in 0..<2 {
            let members = sim.nodeIDs
            let joining = sim.addJoiningNode()
            try sim.mustChangeMembership(.addLearner(joining), among: members)
            try sim.mustChangeMembership(.promote(joining))
        }
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        #expect(sim.core(leader)?.membership.voters == sim.nodeIDs)

        // Remove a follower. It keeps running, unaware, and must not disturb the others.
        let removed = try #require(sim.nodeIDs.first { $0 != leader })
        var members = sim.nodeIDs.filter { $0 != removed }
        try sim.mustChangeMembership(.remove(removed), among: sim.nodeIDs)
        let term = try #require(sim.core(leader)?.term)
        let disturbed = sim.run(upTo: 20 * Self.timeout) { sim in
            sim.leader(among: members) != leader || members.contains { sim.core($0)?.term != term }
        }
        #expect(!disturbed, "the removed node disturbed the cluster")
        try sim.mustAgree(among: members)
        #expect(sim.core(removed)?.role != .leader)

        // Remove the leader: once the change commits it steps down, and another member leads.
        try sim.mustChangeMembership(.remove(leader), among: members)
        members.removeAll { $0 == leader }
        #expect(sim.run(upTo: 2 * Self.timeout) { $0.core(leader)?.role != .leader }, "the removed leader kept leading")
        let successor = try sim.mustElect(among: members)
        #expect(successor != leader)
        var oldLeaderLed = false
        sim.run(upTo: 20 * Self.timeout) { sim in
            if sim.core(leader)?.role == .leader { oldLeaderLed = true }
            return false
        }
        #expect(!oldLeaderLed, "the removed leader led again")
        #expect(sim.leader(among: members) == successor)
        try sim.mustAgree(among: members)
        #expect(sim.core(successor)?.membership.voters == members)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("two nodes: removing the follower leaves a leader that commits alone")
    func twoNodesRemoveFollower() throws {
        var sim = Scenario.cluster(seed: 404, nodes: 2)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let follower = try #require(sim.nodeIDs.first { $0 != leader })
        try sim.mustChangeMembership(.remove(follower))
        sim.crash(follower)
        try sim.mustAgree(among: [leader])
        sim.run(ticks: 10 * Self.timeout)
        #expect(sim.core(leader)?.role == .leader)
        #expect(sim.core(leader)?.membership.voters == [leader])
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("two nodes: removing the leader, then shutting it down, leaves the survivor able to lead")
    func twoNodesRemoveLeader() throws {
        var sim = Scenario.cluster(seed: 405, nodes: 2)
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let survivor = try #require(sim.nodeIDs.first { $0 != leader })
        try sim.mustChangeMembership(.remove(leader))
        // The operator shuts the removed node down once its removal is committed.
        sim.crash(leader)
        #expect(sim.run(upTo: 20 * Self.timeout) { $0.core(survivor)?.role == .leader }, "the survivor is wedged")
        try sim.mustAgree(among: [survivor], within: 20 * Self.timeout)
        #expect(sim.core(survivor)?.membership.voters == [survivor])
        #expect(sim.violation == nil, sim.diagnosis)
    }
}
