import ArgumentParser
import ClientAPI
import LocalCluster

/// `clusterctl --cluster DIR member add|promote|remove --id N`: one server at a time, on the leader.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Change the cluster's membership (admin key).",
        discussion: """
            Examples (a cluster started with `local up --nodes 4 --learners 1`):
              clusterctl --cluster /tmp/ifl member add --id 4
              clusterctl --cluster /tmp/ifl member promote --id 4
              clusterctl --cluster /tmp/ifl member remove --id 4
            Exit status: 0 when committed, 1 on errors (the node's error code on stderr).
            """,
        subcommands: [Add.self, Promote.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a configured learner (see `local up --learners`); it catches up, then can be promoted.",
            discussion: "Example: clusterctl --cluster /tmp/ifl member add --id 4")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "The node to add.") var id: UInt64

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "member add")
            let record = try AdminOutcome.report { try LocalClusterState.load(directory: directory).node(id) }
            let args = MemberAddArgs(id: id, center: record.center, peer: record.peer, client: record.client)
            try MemberCommand.change(.memberAdd, args, in: directory)
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a caught-up learner a voter.", discussion: "Example: clusterctl --cluster /tmp/ifl member promote --id 4")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "The learner to promote.") var id: UInt64

        func run() throws {
            try MemberCommand.change(.memberPromote, MemberArgs(id: id), in: clusterOption.requireDirectory(for: "member promote"))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member (a leader hands over first).", discussion: "Example: clusterctl --cluster /tmp/ifl member remove --id 4")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "The member to remove.") var id: UInt64

        func run() throws {
            try MemberCommand.change(.memberRemove, MemberArgs(id: id), in: clusterOption.requireDirectory(for: "member remove"))
        }
    }

    static func change<Args: Codable & Sendable>(_ op: APIOperation, _ args: Args, in directory: String) throws {
        show(try AdminOutcome.report { try AdminCall.leader(directory: directory, op, args, as: MembershipResult.self) })
    }

    static func show(_ result: MembershipResult) {
        let voters = result.voters.map(String.init).joined(separator: ", ")
        let learners = result.learners.isEmpty ? "none" : result.learners.map(String.init).joined(separator: ", ")
        print("voters: \(voters); learners: \(learners)" + (result.appliedIndex.map { " (applied at index \($0))" } ?? ""))
    }
}
