import ArgumentParser
import ClusterConfig
import Foundation

/// The per-center process. `--check-config` validates a configuration file; running a node
/// (ZeroMQ transport, SQLite storage, client API) is being built and says so plainly meanwhile.
@main
struct CenterNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center-node",
        abstract: "Runs one contact center's Interflow node.")

    @Option(help: "Run the node with this configuration file (JSON; see Deploy/examples/node-1.json).")
    var config: String?

    @Option(help: "Validate this configuration file, print a summary and exit.")
    var checkConfig: String?

    func validate() throws {
        guard (config == nil) != (checkConfig == nil) else {
            throw ValidationError("give exactly one of --config FILE or --check-config FILE")
        }
    }

    func run() throws {
        let path = checkConfig ?? config ?? ""
        let loaded: NodeConfig
        do {
            loaded = try NodeConfig.load(path: path)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        guard checkConfig == nil else {
            let voters = loaded.members.filter(\.voter).count
            print(
                "\(path): valid. Node \(loaded.id) (\(loaded.center)), \(loaded.members.count) members (\(voters) voters), "
                    + "peer \(loaded.endpoints.peer), client \(loaded.endpoints.client), http \(loaded.endpoints.http), "
                    + "tick \(loaded.timing.tickMs) ms, election timeout \(loaded.timing.electionTimeoutTicks) ticks")
            return
        }
        printError("center-node cannot serve yet: the transport and storage are being built; try `clusterctl sim`")
        throw ExitCode.failure
    }

    /// Errors go to standard error, so that scripts reading standard output see only results.
    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
