import Consensus
import Foundation
import Simulation
import Testing

/// The simulator has teeth: every deliberately broken core is caught within CI's seed budget.
@Suite("Planted bugs")
struct SimulationPlantedBugTests {
    @Test("the simulator catches the planted bug", arguments: PlantedBug.allCases)
    func caught(bug: PlantedBug) async {
        let budget = SeedBudget(total: SeedBudget.ciTotalSeeds)
        var figure8 = SimulationOptions(seed: 1, nodeCount: 5, faultTicks: 0, profileName: "reliable")
        figure8.plantedBug = bug
        var scripted = Simulator(options: figure8)
        scripted.playFigure8()
        if let violation = scripted.violation {
            print("planted bug \(bug.rawValue) caught by the scripted Figure 8: \(violation)")
            return
        }
        for (profile, seed) in budget.interleaved {
            // Seeds are long and CPU-bound: between them the test lets the suite's async tests run on the
            // cooperative pool (two threads on a 2-core CI machine) instead of starving them.
            await Task.yield()
            var options = budget.options(profile: profile, seed: seed)
            options.plantedBug = bug
            let (report, _) = Simulator.runSeed(options)
            if let violation = report.violation {
                print("planted bug \(bug.rawValue) caught by seed \(seed) (\(profile)): \(violation)")
                return
            }
        }
        Issue.record("planted bug \(bug.rawValue) escaped all \(budget.total) seeds and the scripted Figure 8")
    }

    @Test("the correct core passes the scripted Figure 8")
    func correctCorePassesFigure8() {
        for seed: UInt64 in 1...5 {
            var simulator = Simulator(options: SimulationOptions(seed: seed, nodeCount: 5, faultTicks: 0, profileName: "reliable"))
            simulator.playFigure8()
            #expect(simulator.violation == nil, "seed \(seed): \(simulator.violation.map(String.init(describing:)) ?? "")")
        }
    }
}

@Suite("Failing seed report")
struct FailingSeedReportTests {
    @Test("a failing seed names the seed, the broken property, the replay command and the last steps")
    func reportReplays() throws {
        // The first of a few seeds that catches the bug: which one depends on every detail of a run.
        let runs = (UInt64(1)...20).lazy.map { seed in
            var options = SimulationOptions(seed: seed, nodeCount: 5, faultTicks: 3_000, profileName: "chaos")
            options.plantedBug = .grantTwoVotesInOneTerm
            return (seed, Simulator.runSeed(options).0)
        }
        let (seed, report) = try #require(runs.first { $0.1.violation != nil })
        let violation = try #require(report.violation)
        #expect(violation.invariant == "election safety")
        let lines = report.failureReport.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("seed \(seed) FAILED: election safety") == true)
        #expect(lines.contains(
            "replay: swift run -c release clusterctl sim --seed \(seed) --nodes 5 --ticks 3000 --profile chaos --planted-bug grantTwoVotesInOneTerm"))
        #expect(lines.count > 10)
        #expect(lines.last?.contains("VIOLATION election safety") == true)
    }
}
