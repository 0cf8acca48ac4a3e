import ArgumentParser

@main
struct InterflowBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interflow-bench",
        abstract: "Interflow's benchmarks: each prints its figures (build with -c release).",
        subcommands: [CoreBenchCommand.self, ApplyBenchCommand.self, ClusterBenchCommand.self, ScaleBenchCommand.self])
}
