import Consensus

/// The outcome of one random run: what broke, if anything, and how to replay it.
public struct SeedReport: Sendable {
    public var options: SimulationOptions
    public var violation: Violation?
    public var trace: [TracedEvent]
    public var ticks: Int
    public var committed: LogIndex
    public var acknowledgedProposals: Int
    public var confirmedReads: Int
    public var leaderElections: Int

    public var passed: Bool { violation == nil }

    /// What a failing seed prints: the seed, the broken property, the replay command and the last steps.
    public var failureReport: String {
        guard let violation else { return "seed \(options.seed): ok" }
        var lines = [
            "seed \(options.seed) FAILED: \(violation)",
            "replay: \(options.replayCommand)",
            "last \(trace.count) steps:",
        ]
        lines += trace.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension Simulator {
    /// Faults and load for `faultTicks`, then heal and demand liveness.
    public static func runSeed(_ options: SimulationOptions) -> (report: SeedReport, simulator: Simulator) {
        var simulator = Simulator(options: options)
        simulator.run(ticks: options.faultTicks)
        if simulator.violation == nil {
            simulator.healAll()
            simulator.checkLiveness()
        }
        let report = SeedReport(
            options: options, violation: simulator.violation, trace: simulator.recentTrace, ticks: simulator.now,
            committed: simulator.highestCommitted, acknowledgedProposals: simulator.acknowledgedProposals,
            confirmedReads: simulator.confirmedReads, leaderElections: simulator.leaderElections)
        return (report, simulator)
    }
}
