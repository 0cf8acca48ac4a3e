import ArgumentParser
import LocalCluster

/// `clusterctl local kill|start --dir DIR --node N`: one node of a local cluster crashed (SIGKILL
/// by its recorded pid) or started again with its data, for drills of a center's node going silent.
struct LocalKillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill", abstract: "Kill one node with SIGKILL, by the pid `up` recorded (a crash, a power cut).")

    @OptionGroup var target: LocalNodeTarget

    func run() throws {
        do {
            var state = try LocalClusterState.load(directory: target.dir)
            let sent = try LocalClusterControl.kill(node: target.node, in: &state)
            print(sent ? "node \(target.node) killed" : "node \(target.node) had already ended")
        } catch {
            throw error.exit()
        }
    }
}

struct LocalStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start one stopped or killed node again, with its data.")

    @OptionGroup var target: LocalNodeTarget

    func run() throws {
        do {
            var state = try LocalClusterState.load(directory: target.dir)
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

struct LocalNodeTarget: ParsableArguments {
    @Option(help: "The cluster's directory.")
    var dir: String

    @Option(help: "The node's id (see `clusterctl --cluster DIR status`).")
    var node: UInt64
}
