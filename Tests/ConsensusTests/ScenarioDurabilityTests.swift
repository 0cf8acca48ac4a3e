import Consensus
import Simulation
import Testing

/// RAFT-SCENARIOS.md, "Durability and crashes": nodes restart from exactly what they persisted.
@Suite("Scenario: durability and crashes")
struct ScenarioDurabilityTests {
    static let timeout = Scenario.electionTimeout

    @Test("persist 1: crash and restart all, then the leader, then a follower; committed entries stay")
    func persist1() throws {
        var sim = Scenario.cluster(seed: 201, nodes: 3)
        let all = sim.nodeIDs
        var committed = try sim.mustAgree()

        for id in all { sim.crash(id) }
        #expect(all.allSatisfy { id in committed.allSatisfy { sim.holdsDurably($0, on: id) } })
        for id in all { sim.restart(id) }
        committed += try sim.mustAgree()

        let leader = try #require(sim.leader)
        sim.crash(leader)
        sim.restart(leader)
        committed += try sim.mustAgree()

        let follower = try #require(all.first { $0 != sim.leader })
        sim.crash(follower)
        committed += try sim.mustAgree(among: all.filter { $0 != follower })
        sim.restart(follower)
        committed += try sim.mustAgree()

        #expect(committed.allSatisfy { sim.isCommitted($0) == true })
        #expect(sim.sameState(on: all))
        #expect(sim.node(follower).stateMachine.commands.count == committed.count)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("persist 2: subsets crash again and again during agreement; nothing committed is lost")
    func persist2() throws {
        var sim = Scenario.cluster(seed: 202, nodes: 5)
        var random = SeededRandom(seed: 202)
        let all = sim.nodeIDs
        var committed: [ScenarioProposal] = []
        for _ in 0..<4 {
            committed += try sim.mustAgree()
            let down = random.pick(2, of: all)
            for id in down { sim.crash(id) }
            committed += try sim.mustAgree()
            // The two come back stale, and two others (perhaps holding the newest entries) go down.
            for id in down { sim.restart(id) }
            let nextDown = random.pick(2, of: all)
            for id in nextDown { sim.crash(id) }
            committed += try sim.mustAgree()
            for id in nextDown { sim.restart(id) }
        }
        sim.healAll()
        sim.checkLiveness()
        #expect(committed.allSatisfy { sim.isCommitted($0) == true })
        #expect(sim.sameState(on: all))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("persist 3: the leader crashes after replicating to one follower only; logs converge")
    func persist3() throws {
        var sim = Scenario.cluster(seed: 203, nodes: 3)
        let all = sim.nodeIDs
        try sim.mustAgree()
        let leader = try #require(sim.leader)
        let follower = try #require(all.first { $0 != leader })
        let third = try #require(all.first { $0 != leader && $0 != follower })

        sim.isolate(third)
        let onTwo = try sim.mustAgree(among: [leader, follower])
        sim.crash(leader)
        sim.crash(follower)
        sim.healPartition()
        sim.restart(leader)
        // Only the restarted leader holds the entry: it must win, and the entry survives.
        try sim.mustAgree(among: [leader, third])
        #expect(sim.leader(among: [leader, third]) == leader)
        sim.restart(follower)
        try sim.mustAgree()
        #expect(onTwo.allSatisfy { sim.isCommitted($0) == true })
        #expect(sim.sameState(on: all))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    /// Runs `profile` for `ticks` on 5 nodes, heals, and demands liveness and one state everywhere.
    private func survive(_ profile: FaultProfile, seed: UInt64, ticks: Int, preVote: Bool = true, checkQuorum: Bool = true) -> Simulator {
        var sim = Scenario.cluster(seed: seed, nodes: 5, profile: profile, preVote: preVote, checkQuorum: checkQuorum)
        sim.run(ticks: ticks)
        sim.healAll()
        sim.checkLiveness()
        #expect(sim.sameState(on: sim.nodeIDs), "the nodes' state machines differ after healing")
        return sim
    }

    @Test("Figure 8: leaders crash at random moments while proposals continue", arguments: [(204, false), (205, true)])
    func figure8(seed: UInt64, preVote: Bool) {
        let sim = survive(.figure8, seed: seed, ticks: 1_500, preVote: preVote)
        #expect(sim.leaderElections >= 20, "only \(sim.leaderElections) elections: the leaders did not die often")
        #expect(sim.acknowledgedProposals >= 10)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("Figure 8 unreliable: the same with drops, duplicates and long reordering", arguments: [(206, false), (207, true)])
    func figure8Unreliable(seed: UInt64, preVote: Bool) {
        let sim = survive(Scenario.unreliable(.figure8), seed: seed, ticks: 1_500, preVote: preVote)
        #expect(sim.leaderElections >= 10, "only \(sim.leaderElections) elections: the leaders did not die often")
        #expect(sim.acknowledgedProposals > 0)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("unreliable agree: proposals on a network that drops, duplicates and reorders all reach agreement")
    func unreliableAgree() {
        let sim = survive(Scenario.unreliable(Scenario.busy), seed: 208, ticks: 1_000)
        #expect(sim.acknowledgedProposals >= 200)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("reliable churn: nodes crash, restart and get cut off while clients propose")
    func reliableChurn() {
        let sim = survive(Scenario.churn, seed: 209, ticks: 2_000)
        #expect(sim.acknowledgedProposals >= 200)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("unreliable churn: the same on a network that drops, duplicates and reorders")
    func unreliableChurn() {
        let sim = survive(Scenario.unreliable(Scenario.churn), seed: 210, ticks: 2_000)
        #expect(sim.acknowledgedProposals >= 200)
        #expect(sim.violation == nil, sim.diagnosis)
    }
}
