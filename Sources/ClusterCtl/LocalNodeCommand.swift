import ArgumentParser
import LocalCluster

/// `clusterctl local kill|stop|start|restart --dir DIR --node N`: one node of a local cluster
/// crashed (SIGKILL by its recorded pid), stopped gracefully, or started again with its data, for
/// drills of a center's node going silent. The state file's pids are made true first, so a node
/// restarted by hand is found by its config.
struct LocalKillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill", abstract: "Kill one node with SIGKILL, by the pid `up` recorded (a crash, a power cut).", discussion: "Example: clusterctl local kill --dir /tmp/ifl --node 2")

    @OptionGroup var target: LocalNodeTarget

    func run() throws {
        do {
            var state = try target.loadRecordingRunning()
            let sent = try LocalClusterControl.kill(node: target.node, in: &state)
            print(sent ? "node \(target.node) killed" : "node \(target.node) had already ended")
        } catch {
            throw error.exit()
        }
    }
}

struct LocalStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start one stopped or killed node again, with its data.", discussion: "Example: clusterctl local start --dir /tmp/ifl --node 2")

    @OptionGroup var target: LocalNodeTarget

    func run() throws {
        do {
            var state = try target.loadRecordingRunning()
            guard try state.node(target.node).pid == nil else {
                print("node \(target.node) is running")
                return
            }
            try LocalClusterControl.start(node: target.node, in: &state)
            print("node \(target.node) started; watch: clusterctl --cluster \(target.dir) status")
        } catch {
            throw error.exit()
        }
    }
}

struct LocalStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop one node gracefully: SIGTERM, then SIGKILL after the grace period.", discussion: "Example: clusterctl local stop --dir /tmp/ifl --node 2 --grace-ms 5000")

    @OptionGroup var stop: GracefulStop

    func run() throws {
        try stop.perform { state, outcome in
            print(outcome.map { "node \(stop.target.node): \($0)" } ?? "node \(stop.target.node) was not running")
        }
    }
}

struct LocalRestartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Stop one node gracefully (if it runs), then start it again with its data.", discussion: "Example: clusterctl local restart --dir /tmp/ifl --node 2")

    @OptionGroup var stop: GracefulStop

    func run() throws {
        try stop.perform { (state: inout LocalClusterState, _: ProcessControl.StopOutcome?) throws(LocalClusterError) in
            try LocalClusterControl.start(node: stop.target.node, in: &state)
            print("node \(stop.target.node) restarted; watch: clusterctl --cluster \(stop.target.dir) status")
        }
    }
}

/// A node stopped with SIGTERM and a grace period, then whatever follows.
struct GracefulStop: ParsableArguments {
    @OptionGroup var target: LocalNodeTarget

    @Option(help: "How long the node may take to shut down, in milliseconds.")
    var graceMs = LocalClusterControl.defaultGraceMs

    func perform(then: (inout LocalClusterState, ProcessControl.StopOutcome?) throws(LocalClusterError) -> Void) throws {
        do {
            var state = try target.loadRecordingRunning()
            let outcome = try LocalClusterControl.stop(node: target.node, in: &state, graceMs: graceMs)
            try then(&state, outcome)
        } catch {
            throw error.exit()
        }
    }
}

struct LocalNodeTarget: ParsableArguments {
    @Option(help: "The cluster's directory.")
    var dir: String

    @Option(help: "The node's id (see `clusterctl --cluster DIR status`).")
    var node: UInt64
}

extension LocalNodeTarget {
    func loadRecordingRunning() throws(LocalClusterError) -> LocalClusterState {
        var state = try LocalClusterState.load(directory: dir)
        try LocalClusterControl.recordRunning(in: &state)
        return state
    }
}
