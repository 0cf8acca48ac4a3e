import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl lab down`: nodes stopped, every namespace, link and proxy of the lab removed.
struct LabDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the lab's nodes and remove its namespaces, links and proxies.")

    @Option(help: "The lab cluster's directory (without it, the namespaces are found by name and removed).")
    var dir: String?

    func run() throws {
        let problems = LabControl.down(directory: dir)
        guard problems.isEmpty else {
            printError("error: " + problems.joined(separator: "; "))
            throw ExitCode.failure
        }
        print("the lab is down: no namespace named \(LabNetwork.prefix)* is left")
    }
}

/// `clusterctl lab cut CENTER`: the center's links cut with nftables (its node keeps running).
struct LabCutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut", abstract: "Cut every link of a center: it hears nothing and no one hears it.")

    @Argument(help: "The center, e.g. wuhan.")
    var center: String

    func run() throws {
        do {
            try LabFirewall.cut(center: center)
        } catch {
            throw error.exit()
        }
        print("\(center): links cut (`clusterctl lab heal \(center)` mends them)")
    }
}

/// `clusterctl lab heal CENTER...`: the cuts and partitions of these centers removed.
struct LabHealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heal", abstract: "Mend a center's links.")

    @Argument(help: "The centers.")
    var centers: [String]

    func run() throws {
        do {
            for center in centers { try LabFirewall.heal(center: center) }
        } catch {
            throw error.exit()
        }
        print("\(centers.joined(separator: ", ")): links mended")
    }
}

/// `clusterctl lab partition --dir DIR --centers a,b`: those centers talk only among themselves
/// (and to the operations namespace).
struct LabPartitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition", abstract: "Cut the named centers off from the other centers (`lab heal` mends it).")

    @Option(help: "The lab cluster's directory.")
    var dir: String

    @Option(help: "The centers on one side, comma-separated.")
    var centers: String

    func run() throws {
        let side = centers.split(separator: ",").map(String.init)
        do {
            let state = try LocalClusterState.load(directory: dir)
            let others = state.nodes.filter { !side.contains($0.center) }.map(\.id)
            try LabFirewall.partition(centers: side, from: others)
        } catch {
            throw error.exit()
        }
        print("\(side.joined(separator: ", ")) cut off from the other centers (`clusterctl lab heal \(side.joined(separator: " "))` mends it)")
    }
}

/// `clusterctl lab proxy` (started by `lab up` in each center's namespace): the delay proxy.
struct LabProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy", abstract: "Relay TCP with a fixed delay each way (run by `lab up`).", shouldDisplay: false)

    @Option(help: "LISTEN_HOST:PORT=TARGET_HOST:PORT@ONE_WAY_MS; repeatable.")
    var route: [String]

    func run() throws {
        let routes = route.compactMap(DelayProxy.Route.init)
        guard routes.count == route.count, !routes.isEmpty else {
            throw ValidationError("every --route must read LISTEN_HOST:PORT=TARGET_HOST:PORT@ONE_WAY_MS (0-\(DelayProxy.Route.maxOneWayMs))")
        }
        do {
            try DelayProxy(routes: routes).run {
                print("delay proxy listening: \(routes.map(\.description).joined(separator: " "))")
                fflush(nil)
            }
        } catch {
            throw error.exit()
        }
    }
}

/// `clusterctl lab exec -- COMMAND...`: runs a command in the operations namespace, where the lab's
/// nodes are reachable (`clusterctl` there means this one).
struct LabExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command in the lab's operations namespace (`ip netns exec ifl-lab-ops`).")

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.")
    var command: [String]

    func run() throws {
        var argv = command.first == "--" ? Array(command.dropFirst()) : command
        guard let first = argv.first else { throw ValidationError("name the command: clusterctl lab exec -- clusterctl --cluster DIR status") }
        if first == "clusterctl" { argv[0] = SelfExecutable.path }
        let full = LabNetwork.inNamespace(LabNetwork.opsNamespace, argv)
        var cArguments: [UnsafeMutablePointer<CChar>?] = full.map { strdup($0) } + [nil]
        execv(full[0], &cArguments)
        cArguments.forEach { free($0) }
        printError("error: cannot run \(full.joined(separator: " ")): \(String(cString: strerror(errno)))")
        throw ExitCode.failure
    }
}
