import ArgumentParser
import Consensus
import Simulation

/// `clusterctl sim`: a simulated cluster in one process, seeded and reproducible.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run a deterministic simulated cluster and print its timeline.",
        discussion: """
            One seed prints a readable timeline of elections, faults and commits, then checks that the \
            cluster recovers once the faults heal. With --seeds N it runs seeds SEED..SEED+N-1 and prints \
            one line per failing seed with the command that replays it.
            Examples: clusterctl sim --seed 7; clusterctl sim --seeds 1000 --profile storm
            """)

    @Option(help: "The seed: the same seed replays the same run.")
    var seed: UInt64 = 7

    @Option(help: "Number of nodes (centers).")
    var nodes: Int = 5

    @Option(help: "Ticks of faults and load before healing.")
    var ticks: Int = 2_000

    @Option(help: "Fault profile: \(FaultProfile.names.joined(separator: ", ")).")
    var profile: String = "chaos"

    @Option(help: "Run this many consecutive seeds and print a summary instead of a timeline.")
    var seeds: Int?

    @Option(help: "Test only: run a deliberately broken core (\(PlantedBug.allCases.map(\.rawValue).joined(separator: ", "))).")
    var plantedBug: String?

    func validate() throws {
        guard (1...15).contains(nodes) else { throw ValidationError("--nodes must be between 1 and 15") }
        guard (1...1_000_000).contains(ticks) else { throw ValidationError("--ticks must be between 1 and 1000000") }
        guard FaultProfile.named(profile) != nil else {
            throw ValidationError("--profile must be one of \(FaultProfile.names.joined(separator: ", ")), not '\(profile)'")
        }
        if let plantedBug, PlantedBug(rawValue: plantedBug) == nil {
            throw ValidationError("--planted-bug must be one of \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let seeds, !(1...1_000_000).contains(seeds) { throw ValidationError("--seeds must be between 1 and 1000000") }
    }

    func options(seed: UInt64) -> SimulationOptions {
        var options = SimulationOptions(seed: seed, nodeCount: nodes, faultTicks: ticks, profileName: profile)
        options.plantedBug = plantedBug.flatMap(PlantedBug.init(rawValue:))
        return options
    }

    func run() throws {
        if let seeds {
            try sweep(count: seeds)
        } else {
            try single()
        }
    }

    private func single() throws {
        var options = options(seed: seed)
        options.recordTimeline = true
        print(
            "simulating \(nodes) nodes, seed \(seed), \(ticks) ticks of '\(profile)' faults, then healing "
                + "(pre-vote \(options.preVote ? "on" : "off"), check-quorum \(options.checkQuorum ? "on" : "off"))")
        let (report, simulator) = Simulator.runSeed(options)
        for event in simulator.timeline { print(event) }
        print(
            "\(report.ticks) ticks: \(report.leaderElections) leader elections, \(report.committed) entries committed, "
                + "\(report.acknowledgedProposals) proposals acknowledged, \(report.confirmedReads) linearizable reads")
        guard report.passed else {
            print(report.failureReport)
            throw ExitCode.failure
        }
        print("all invariants held at every step; the cluster recovered after healing")
    }

    private func sweep(count: Int) throws {
        var failures = 0
        for offset in 0..<UInt64(count) {
            let (report, _) = Simulator.runSeed(options(seed: seed + offset))
            if !report.passed {
                failures += 1
                print("seed \(report.options.seed) FAILED: \(report.violation!)\n  replay: \(report.options.replayCommand)")
            }
        }
        print("\(count - failures) passed, \(failures) failed")
        if failures > 0 { throw ExitCode.failure }
    }
}
