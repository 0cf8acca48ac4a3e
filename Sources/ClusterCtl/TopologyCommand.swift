import ArgumentParser
import ClientAPI
import ContactCenter
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR topology load FILE`: starts the contact center, or changes the running
/// network in place (a reweighted plan, a new center).
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology", abstract: "Load the centers, branches and routing policy.",
        discussion: """
            Example: clusterctl --cluster /tmp/ifl topology load Deploy/topology/china-2020.json
            Exit status: 0 when applied, 1 on errors (the file, the field and what is wrong on stderr).
            """,
        subcommands: [Load.self])

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a topology file (e.g. Deploy/topology/china-2020.json); needs the admin key.")

        @OptionGroup var clusterOption: ClusterOption

        @Argument(help: "The topology file.")
        var file: String

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "topology load")
            let topology: Topology
            do {
                topology = try TopologyFile.load(path: file)
            } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            let answer = try AdminOutcome.report {
                try AdminCall.leader(directory: directory, .topologyLoad, topology, as: ContactCenterAnswer.self)
            }
            AdminOutcome.show(answer, directory: directory)
        }
    }
}
