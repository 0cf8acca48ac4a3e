import ArgumentParser
import Foundation
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl lab up`: the namespaces, the proxies and the nodes, then (from inside the operations
/// namespace) a wait for a leader and the topology loaded.
struct LabUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start a WAN lab cluster from a topology: one namespace and node per center.")

    @Option(help: "The topology file (Deploy/topology/): one node per center, its main center as node 1.")
    var topology: String

    @Option(help: "The lab cluster's directory: new or empty.")
    var dir: String

    @Option(help: "Every pair's round trip in ms (2-2000), instead of the table of the cities' round trips.")
    var roundTripMs: Int?

    @Option(help: "The center-node executable (default: as for `local up`).")
    var centerNode: String?

    @Option(help: "How long to wait for a leader.")
    var timeoutMs: Int = 60_000

    func validate() throws {
        if let roundTripMs, !(2...2 * DelayProxy.Route.maxOneWayMs).contains(roundTripMs) {
            throw ValidationError("--round-trip-ms must be between 2 and \(2 * DelayProxy.Route.maxOneWayMs)")
        }
        guard (1_000...600_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be between 1000 and 600000") }
    }

    func run() throws {
        let state: LocalClusterState
        do {
            let centers = TopologyFile.centersInNodeOrder(try TopologyFile.load(path: topology))
            state = try LabControl.up(
                .init(
                    directory: dir, centers: centers, centerNode: try CenterNodeLocator.locate(explicit: centerNode),
                    clusterctl: SelfExecutable.path, uniformRoundTripMs: roundTripMs))
        } catch {
            throw error.exit()
        }
        let wait = Process()
        let command = LabNetwork.inNamespace(
            LabNetwork.opsNamespace,
            [
                SelfExecutable.path, "lab", "wait", "--dir", state.directory, "--topology",
                URL(fileURLWithPath: topology).standardized.path, "--timeout-ms", "\(timeoutMs)",
            ])
        wait.executableURL = URL(fileURLWithPath: command[0])
        wait.arguments = Array(command.dropFirst())
        try wait.run()
        wait.waitUntilExit()
        guard wait.terminationStatus == 0 else {
            let problems = LabControl.down(directory: state.directory)
            printError("error: the lab did not come up; it was taken down again" + problems.map { "; \($0)" }.joined())
            throw ExitCode.failure
        }
        let trips = (state.lab?.roundTripsMs.values.sorted()).map { "\($0.first ?? 0)-\($0.last ?? 0) ms" } ?? "-"
        print(
            """
            the lab runs \(state.nodes.count) centers in \(state.directory), round trips \(trips) between them
              nodes:   \(state.nodes.map { "\($0.id) \($0.center) \($0.client)" }.joined(separator: ", "))
              status:  \(LabNetwork.hint("clusterctl --cluster \(state.directory) status"))
              drill:   \(LabNetwork.hint("clusterctl --cluster \(state.directory) drill run center-blackout --center \(state.nodes.dropFirst().first?.center ?? state.nodes[0].center)"))
              down:    clusterctl lab down --dir \(state.directory)
            """)
    }
}

/// `clusterctl lab wait` (run by `lab up` inside the operations namespace): a leader, then the topology.
struct LabWaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for the lab's leader and load its topology (run by `lab up`).", shouldDisplay: false)

    @Option var dir: String
    @Option var topology: String
    @Option var timeoutMs: Int = 60_000

    func run() throws {
        let state: LocalClusterState
        let loaded: Topology
        do {
            state = try LocalClusterState.load(directory: dir)
            let agreement = try LocalClusterControl.waitForLeader(
                state, options: LeaderWait.Options(timeoutMs: timeoutMs, preferredLeader: LocalClusterLayout.preferredLeader))
            print("leader: node \(agreement.leader), term \(agreement.term)")
            loaded = try TopologyFile.load(path: topology)
        } catch {
            throw error.exit()
        }
        _ = try AdminOutcome.report {
            try AdminCall.leader(directory: state.directory, .topologyLoad, loaded, as: ContactCenterAnswer.self)
        }
    }
}
