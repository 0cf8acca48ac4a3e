import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR config show [--node K]`: the configuration each node was started
/// with, as its file says (key paths, never keys).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the nodes' configuration files.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each node's config.json (or one node's), with its path.",
            discussion: "Example: clusterctl --cluster /tmp/ifl config show --node 2\nExit status: 0, or 1 when a file cannot be read.")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "Only this node.") var node: UInt64?

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "config show")
            let state = try AdminOutcome.report { try LocalClusterState.load(directory: directory) }
            let records = try node.map { id in [try AdminOutcome.report { try state.node(id) }] } ?? state.nodes
            for record in records {
                let text = try AdminOutcome.report { try String(contentsOfFile: record.configPath, encoding: .utf8) }
                print("# node \(record.id) (\(record.center)): \(record.configPath)")
                print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            }
        }
    }
}
