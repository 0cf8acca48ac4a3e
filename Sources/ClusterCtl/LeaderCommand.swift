import ArgumentParser
import ClientAPI
import LocalCluster

/// `clusterctl --cluster DIR leader transfer [--to N]`: a planned handover, for maintenance or a drill.
struct LeaderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leader", abstract: "Hand leadership to another voter.",
        discussion: """
            Example: clusterctl --cluster /tmp/ifl leader transfer --to 2
            Exit status: 0 when handed over, 1 on errors (the node's error code on stderr).
            """,
        subcommands: [Transfer.self])

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand leadership over (to the most caught-up voter unless --to is given); needs the admin key.")

        @OptionGroup var clusterOption: ClusterOption

        @Option(help: "The voter to hand leadership to.")
        var to: UInt64?

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "leader transfer")
            let result = try AdminOutcome.report {
                try AdminCall.leader(directory: directory, .leaderTransfer, LeaderTransferArgs(to: to), as: LeaderTransferResult.self)
            }
            print("handing leadership to node \(result.to); watch: clusterctl --cluster \(directory) status")
            print("(a preferredLeader named in the nodes' configuration takes leadership back once it is stable)")
        }
    }
}
