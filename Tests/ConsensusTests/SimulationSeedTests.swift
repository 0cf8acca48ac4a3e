import Consensus
import Foundation
import Simulation
import Testing

/// The random seeds: every invariant after every step, and liveness after healing.
@Suite("Simulation seeds")
struct SimulationSeedTests {
    static let budget = SeedBudget.fromEnvironment(ProcessInfo.processInfo.environment["INTERFLOW_SIM_SEEDS"])

    @Test("random seeds hold every invariant", arguments: budget.shares.map(\.profileName))
    func randomSeeds(profile: String) async {
        let share = Self.budget.shares.first { $0.profileName == profile }!
        var failures = 0
        for seed in share.seeds where failures < 3 {
            // Seeds are long and CPU-bound: between them the test lets the suite's async tests run on the
            // cooperative pool (two threads on a 2-core CI machine) instead of starving them.
            await Task.yield()
            let (report, _) = Simulator.runSeed(Self.budget.options(profile: profile, seed: seed))
            if !report.passed {
                failures += 1
                Issue.record(Comment(rawValue: report.failureReport))
            }
        }
    }

    @Test("the same seed replays the same run")
    func replayIsDeterministic() {
        let options = Self.budget.options(profile: "chaos", seed: 42)
        let (first, firstRun) = Simulator.runSeed(options)
        let (second, secondRun) = Simulator.runSeed(options)
        #expect(first.ticks == second.ticks)
        #expect(first.committed == second.committed)
        #expect(first.leaderElections == second.leaderElections)
        #expect(firstRun.nodes.map(\.stateMachine) == secondRun.nodes.map(\.stateMachine))
        #expect(firstRun.nodes.map(\.durable) == secondRun.nodes.map(\.durable))
    }
}
