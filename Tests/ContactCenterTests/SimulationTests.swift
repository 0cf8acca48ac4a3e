import ContactCenter
import Foundation
import Testing

/// The whole application under a seeded load with faults, every invariant checked after every
/// command. CI runs 100 seeds; INTERFLOW_CC_SEEDS=N runs N, INTERFLOW_CC_SEED=S replays one.
@Suite("Contact-center simulation")
struct SimulationTests {
    static let steps = 250
    static let environment = ProcessInfo.processInfo.environment

    static func seedList() -> [UInt64] {
        if let seed = environment["INTERFLOW_CC_SEED"].flatMap(UInt64.init) { return [seed] }
        let count = environment["INTERFLOW_CC_SEEDS"].flatMap(Int.init) ?? 100
        return (1...UInt64(max(1, count))).map { $0 }
    }

    @Test("every invariant holds after every command, over many seeds")
    func seeds() async throws {
        let topology = try Fixtures.china2020()
        var served: Int64 = 0
        var redirected: Int64 = 0
        var abandoned: Int64 = 0
        for seed in Self.seedList() {
            // Seeds are long and CPU-bound: between them the test lets the suite's async tests run on the
            // cooperative pool (two threads on a 2-core CI machine) instead of starving them.
            await Task.yield()
            let report = try ContactCenterSimulation.run(seed: seed, steps: Self.steps, topology: topology)
            if let failure = report.failure {
                Issue.record("\(failure)")
                return
            }
            served += report.state.totals.done
            redirected += report.state.totals.redirected
            abandoned += report.state.totals.abandoned
        }
        // The load must exercise the paths the invariants guard, not just pass them vacuously.
        #expect(served > 0 && redirected > 0 && abandoned > 0, "done \(served), redirected \(redirected), abandoned \(abandoned)")
    }

    /// Two hours of model time per seed (two seconds a step on average).
    static let saturatedSteps = 3_700

    @Test("saturated centers for hours (every agent busy, queues growing) are never declared abandoned, seed by seed", arguments: seedList())
    func saturated(seed: UInt64) throws {
        let report = try ContactCenterSimulation.run(seed: seed, steps: Self.saturatedSteps, topology: try Fixtures.china2020(), mode: .saturated)
        if let failure = report.failure {
            Issue.record("\(failure)")
            return
        }
        let declared = report.state.centers.filter { $0.value.status != .up || !$0.value.darkChannels.isEmpty }.keys.sorted()
        #expect(declared.isEmpty, "seed \(seed): nobody left, yet \(declared) are not up")
        // The run must reach the case a readiness rule mistook for absence, or it proves nothing.
        #expect(report.saturatedTicks > 100 && report.state.clockMs >= 2 * 3_600_000,
                "seed \(seed): \(report.saturatedTicks) saturated clock entries in \(report.state.clockMs / 60_000) min of model time")
    }

    @Test("a seed replays the same run: same state, same refusals")
    func deterministic() throws {
        let topology = try Fixtures.china2020()
        for seed: UInt64 in [7, 42] {
            let first = try ContactCenterSimulation.run(seed: seed, steps: Self.steps, topology: topology)
            let second = try ContactCenterSimulation.run(seed: seed, steps: Self.steps, topology: topology)
            #expect(first.state == second.state && first.refused == second.refused && first.commands == second.commands)
        }
    }
}
