import Consensus
import Simulation
import Testing

/// RAFT-SCENARIOS.md, "Snapshots": every node compacts its log once `compactEvery` entries are
/// applied past its last snapshot.
@Suite("Scenario: snapshots")
struct ScenarioSnapshotTests {
    static let timeout = Scenario.electionTimeout
    static let compactEvery = 20

    static func profile(_ base: FaultProfile = Scenario.quiet) -> FaultProfile {
        var profile = base
        profile.compactEveryEntries = compactEvery
        return profile
    }

    @Test("snapshot basic: the log is compacted and stays bounded during a long run")
    func snapshotBasic() {
        var sim = Scenario.cluster(seed: 301, nodes: 3, profile: Self.profile(Scenario.busy))
        var widest: UInt64 = 0
        for _ in 0..<2_000 where sim.violation == nil {
            sim.step()
            for id in sim.upIDs {
                guard let core = sim.core(id) else { continue }
                widest = max(widest, core.lastIndex - core.snapshotIndex)
            }
        }
        #expect(sim.highestCommitted >= 20 * UInt64(Self.compactEvery), "too little load to compact often")
        #expect(widest <= 2 * UInt64(Self.compactEvery), "a log held \(widest) entries past its snapshot")
        for id in sim.nodeIDs {
            #expect((sim.core(id)?.snapshotIndex ?? 0) + 2 * UInt64(Self.compactEvery) >= sim.highestCommitted)
        }
        sim.checkLiveness()
        #expect(sim.sameState(on: sim.nodeIDs))
        #expect(sim.violation == nil, sim.diagnosis)
    }

    /// MIT's snapshot-install loop: each round a follower falls behind (cut off or crashed) while the
    /// others commit and compact past everything it holds; it returns and must catch up by
    /// snapshot, then by entries. With `crashDuringInstall` it is killed again the moment it takes
    /// the snapshot in, while the disk may still be writing it.
    private func installSnapshots(
        seed: UInt64, profile: FaultProfile, crash: Bool, crashDuringInstall: Bool = false
    ) throws -> Simulator {
        var sim = Scenario.cluster(seed: seed, nodes: 3, profile: profile, traceCapacity: 50_000)
        let all = sim.nodeIDs
        var installsLostInCrash = 0
        let rounds = 3
        for round in 0..<rounds {
            let leader = try sim.mustElect(within: 100 * Self.timeout)
            let victim = try #require(all.first { $0 != leader })
            let others = all.filter { $0 != victim }
            if crash { sim.crash(victim) } else { sim.isolate(victim) }
            let behind = sim.node(victim).durable.entries.last?.index ?? sim.node(victim).durable.snapshot.index
            for _ in 0..<10 where others.contains(where: { (sim.core($0)?.snapshotIndex ?? 0) <= behind + 1 }) {
                try sim.mustAgree(Self.compactEvery, among: others, within: 100 * Self.timeout)
            }
            // Appends sent before the compaction may still be on their way: let them arrive (and be lost).
            sim.run(ticks: profile.maxDelayTicks + 1)
            #expect(others.allSatisfy { (sim.core($0)?.snapshotIndex ?? 0) > behind + 1 }, "round \(round): the log was not compacted past n\(victim)")
            let returned = sim.now
            if crash { sim.restart(victim) } else { sim.healPartition() }
            if crashDuringInstall {
                let tookIt = sim.run(upTo: 20 * Self.timeout) { ($0.core(victim)?.snapshotIndex ?? 0) > behind + 1 }
                #expect(tookIt, "round \(round): n\(victim) never received a snapshot")
                if sim.node(victim).durable.snapshot.index <= behind + 1 { installsLostInCrash += 1 }
                sim.crash(victim)
                sim.run(ticks: 3)
                sim.restart(victim)
            }
            try sim.mustAgree(1, within: 100 * Self.timeout)
            let installed = try #require(sim.snapshotsInstalled(on: victim, since: returned), "the trace is too short")
            #expect(!installed.isEmpty, "round \(round): n\(victim) caught up without a snapshot")
            #expect(sim.sameState(on: all))
        }
        if crashDuringInstall {
            #expect(installsLostInCrash == rounds, "only \(installsLostInCrash) crashes came before the snapshot was on disk")
        }
        sim.healAll()
        sim.checkLiveness()
        return sim
    }

    @Test("snapshot install: a follower cut off behind the compacted log catches up by snapshot")
    func snapshotInstall() throws {
        let sim = try installSnapshots(seed: 302, profile: Self.profile(), crash: false)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("snapshot install unreliable: the same on a network that drops, duplicates and reorders")
    func snapshotInstallUnreliable() throws {
        let sim = try installSnapshots(seed: 303, profile: Scenario.unreliable(Self.profile()), crash: false)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("snapshot install crash: the follower crashes, and crashes again while taking the snapshot in")
    func snapshotInstallCrash() throws {
        // Every write takes a few ticks, so a crash right after the snapshot arrives loses it.
        var profile = Self.profile()
        profile.slowDiskRate = 1
        let sim = try installSnapshots(seed: 304, profile: profile, crash: true, crashDuringInstall: true)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("snapshot install un-crash: crashes and restarts on an unreliable network")
    func snapshotInstallUnreliableCrash() throws {
        let sim = try installSnapshots(seed: 305, profile: Scenario.unreliable(Self.profile()), crash: true)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("snapshot all crash: every node restarts from its snapshot plus log")
    func snapshotAllCrash() throws {
        var sim = Scenario.cluster(seed: 306, nodes: 3, profile: Self.profile())
        let all = sim.nodeIDs
        var committed: [ScenarioProposal] = []
        for round in 0..<4 {
            committed += try sim.mustAgree(Self.compactEvery + 5)
            let before = sim.highestCommitted
            let applied = all.map { sim.node($0).stateMachine }
            for id in all { sim.crash(id) }
            for id in all { sim.restart(id) }
            for (id, state) in zip(all, applied) {
                let snapshot = sim.node(id).durable.snapshot.index
                #expect(snapshot > 0, "round \(round): n\(id) has no snapshot on disk")
                #expect(sim.core(id)?.snapshotIndex == snapshot)
                #expect(sim.node(id).stateMachine == state, "round \(round): n\(id) lost application state")
            }
            committed += try sim.mustAgree()
            #expect(sim.highestCommitted > before)
        }
        #expect(sim.sameState(on: all))
        #expect(sim.node(all[0]).stateMachine.appliedIndex >= committed.last?.index ?? 0)
        #expect(sim.violation == nil, sim.diagnosis)
    }

    @Test("snapshot init: nodes restarted from a snapshot, before any new entry, keep their state")
    func snapshotInit() throws {
        var sim = Scenario.cluster(seed: 307, nodes: 3, profile: Self.profile())
        let all = sim.nodeIDs
        try sim.mustAgree(Self.compactEvery + 5)
        let disks = all.map { sim.node($0).durable.snapshot }
        let states = all.map { sim.node($0).stateMachine }
        #expect(disks.allSatisfy { $0.index > 0 })
        for _ in 0..<2 {
            for id in all { sim.crash(id) }
            for id in all { sim.restart(id) }
            // Less than an election timeout: nobody campaigns, so no new entry is written.
            sim.run(ticks: Self.timeout / 2)
        }
        for (position, id) in all.enumerated() {
            #expect(sim.node(id).durable.snapshot == disks[position], "n\(id)'s snapshot changed on disk")
            #expect(sim.core(id)?.snapshotIndex == disks[position].index)
            #expect(sim.node(id).stateMachine == states[position], "n\(id) lost application state")
        }
        try sim.mustAgree()
        #expect(sim.sameState(on: all))
        #expect(sim.violation == nil, sim.diagnosis)
    }
}
