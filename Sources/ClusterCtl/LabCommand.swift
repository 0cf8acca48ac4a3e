import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl lab`: the WAN lab, a local cluster whose centers sit in network namespaces a city's
/// round trip apart. Needs root, iproute2 and nftables.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run a cluster in network namespaces with WAN delays, for drills (root).",
        discussion: """
            One namespace per center (ifl-lab-CENTER, 10.77.0.(10+K)), a bridge in the operations \
            namespace ifl-lab-ops (10.77.0.2), and a delay proxy per center that adds the round trip \
            between two cities (20-60 ms, or --round-trip-ms for every pair) to every peer message. \
            The nodes run with WAN timing (50 ms ticks, 1-2 s election timeout, a center dark after 5 s \
            of silence). Clients, drills and load run in the operations namespace; nothing is sent from \
            this machine's own namespace to a lab address.
            Examples:
              clusterctl lab up --topology Deploy/topology/china-2020.json --dir /tmp/lab
              ip netns exec ifl-lab-ops clusterctl --cluster /tmp/lab status
              ip netns exec ifl-lab-ops clusterctl --cluster /tmp/lab drill run center-blackout --center wuhan
              clusterctl lab cut wuhan --dir /tmp/lab          # its links cut with nftables; `lab heal wuhan`
              clusterctl lab down --dir /tmp/lab
            Drills on a lab cluster carry out center-blackout, two-centers-dark and partition by cutting \
            links with nftables instead of inside the node.
            Exit status: 0 when done, 1 on errors.
            """,
        subcommands: [LabUpCommand.self, LabDownCommand.self, LabCutCommand.self, LabHealCommand.self, LabPartitionCommand.self, LabExecCommand.self, LabWaitCommand.self, LabProxyCommand.self])
}

/// This clusterctl's own path, for the processes the lab starts with it.
enum SelfExecutable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardized.path
    }
}
