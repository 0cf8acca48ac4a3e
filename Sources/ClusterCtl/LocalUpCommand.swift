import ArgumentParser
import ClientAPI
import ContactCenter
import Foundation
import LocalCluster

/// `clusterctl local up`: keys, configs and processes for N centers, then a wait for a leader.
struct LocalUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start a local cluster and wait until it has a leader.",
        discussion: """
            A new directory gets CURVE keys (keys/), one config per node (node-K/config.json), and a \
            state file (cluster.json) naming every endpoint, key and pid. Run again on a cluster's \
            directory, it starts the nodes that are not running, with their data and ports, and leaves \
            the running ones alone. The nodes run \
            detached; stop them with `clusterctl local down --dir DIR`.
            With --topology, one node per center of the file, its main center (preferredLeader) as node 1, \
            and the topology is loaded once a leader is elected.
            Examples: clusterctl local up --nodes 3 --dir /tmp/ifl; clusterctl local up --nodes 8 --dir /tmp/ifl-2020 -o json; \
            clusterctl local up --topology Deploy/topology/china-2020.json --dir /tmp/ifl-2020
            """)

    @Option(
        help: """
            Number of nodes, 1 to \(LocalClusterLayout.maxNodes) \
            (default \(LocalClusterControl.defaultNodeCount), or the existing cluster's).
            """)
    var nodes: Int?

    @Option(help: "A topology file (Deploy/topology/): one node per center, and the topology loaded once there is a leader.")
    var topology: String?

    @Option(help: "The last N nodes start as learners, to be added with member.add (new clusters only).")
    var learners: Int = 0

    @Option(help: "The cluster's directory.")
    var dir: String

    @Option(help: "Node K listens on P+3(K-1) (peer), +1 (client API), +2 (HTTP); default: free ports. New clusters only.")
    var basePort: Int?

    @Option(
        help: """
            The center-node executable (default: $\(CenterNodeLocator.environmentVariable), beside clusterctl, \
            or ./.build/{debug,release}).
            """)
    var centerNode: String?

    @Option(help: "How long to wait for the nodes to agree on a leader.")
    var timeoutMs: Int = 30_000

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if let nodes, !(1...LocalClusterLayout.maxNodes).contains(nodes) {
            throw ValidationError("--nodes must be between 1 and \(LocalClusterLayout.maxNodes)")
        }
        guard (1_000...600_000).contains(timeoutMs) else {
            throw ValidationError("--timeout-ms must be between 1000 and 600000")
        }
    }

    func run() throws {
        let result: LocalClusterControl.UpResult
        var loaded: Topology?
        do {
            loaded = try topology.map(TopologyFile.load(path:))
            result = try LocalClusterControl.up(
                directory: dir, nodeCount: nodes, learnerCount: learners, basePort: basePort, centerNode: centerNode,
                centers: loaded.map(TopologyFile.centersInNodeOrder), leaderWait: LeaderWait.Options(timeoutMs: timeoutMs))
        } catch {
            throw error.exit()
        }
        if let loaded {
            // Through the leader like `topology load`; a restarted cluster gets the file again, so
            // that an edited topology takes effect.
            _ = try AdminOutcome.report {
                try AdminCall.leader(directory: result.state.directory, .topologyLoad, loaded, as: ContactCenterAnswer.self)
            }
        }
        var summary = LocalUpOutput(result)
        summary.topology = topology.map { URL(fileURLWithPath: $0).standardized.path }
        switch output {
        case .json: print(PrettyJSON.string(summary))
        case .text: print(summary.summary)
        }
    }
}
