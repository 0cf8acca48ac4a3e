import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR health`: every node's /health and /ready, and how long each took to
/// answer, like `etcdctl endpoint health`.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Ask every node's /health and /ready, with the time each took.",
        discussion: """
            Example: clusterctl --cluster /tmp/ifl health
            Exit status: 0 when every node is healthy, 1 when any is not or does not answer.
            """)

    @OptionGroup var clusterOption: ClusterOption

    @Option(help: "How long to wait for each node, in milliseconds.")
    var timeoutMs = 2_000

    @Option(name: .shortAndLong, help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "health")
        let state = try AdminOutcome.report { try LocalClusterState.load(directory: directory) }
        let report = EndpointHealth.check(state.nodes, timeoutMs: max(1, timeoutMs))
        print(output == .json ? PrettyJSON.string(report) : EndpointHealth.text(report))
        if !report.allSatisfy(\.healthy) { throw ExitCode.failure }
    }
}
