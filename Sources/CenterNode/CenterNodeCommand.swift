import ArgumentParser
import ClusterConfig
import Foundation
import Logging
import NodeObservability
import NodeServer
import ServiceLifecycle

/// The per-center process: `--config` runs a node until SIGTERM or SIGINT; `--check-config`
/// validates a configuration file and exits. With `--config`, an operator's command runs instead
/// of the node and exits: `--backup-to` (the node may run), `--restore-from`, `--force-new-cluster`
/// and `--print-state` (the node must be stopped; see `OfflineCommand`).
@main
struct CenterNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center-node",
        abstract: "Runs one contact center's Interflow node.")

    @Option(help: "Run the node with this configuration file (JSON; see Deploy/examples/node-1.json); with a recovery flag, the node it acts on.")
    var config: String?

    @Option(help: "Validate this configuration file, print a summary and exit.")
    var checkConfig: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @OptionGroup(title: "Recovery (with --config; each runs instead of the node, then exits)")
    var offline: OfflineCommand

    func validate() throws {
        guard (config == nil) != (checkConfig == nil) else {
            throw ValidationError("give exactly one of --config FILE or --check-config FILE")
        }
        try offline.validate(withConfig: config != nil)
    }

    func run() async throws {
        let path = checkConfig ?? config ?? ""
        let loaded: NodeConfig
        do {
            loaded = try NodeConfig.load(path: path)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        if offline.isRequested {
            try offline.run(loaded, configPath: path)
            return
        }
        guard checkConfig == nil else {
            let voters = loaded.members.filter(\.voter).count
            print(
                "\(path): valid. Node \(loaded.id) (\(loaded.center)), \(loaded.members.count) members (\(voters) voters), "
                    + "peer \(loaded.endpoints.peer), client \(loaded.endpoints.client), http \(loaded.endpoints.http), "
                    + "tick \(loaded.timing.tickMs) ms, election timeout \(loaded.timing.electionTimeoutTicks) ticks")
            return
        }
        try await serve(loaded)
    }

    private func serve(_ config: NodeConfig) async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "interflow.center-node")
        logger[metadataKey: "node"] = "\(config.id)"
        let metrics = NodeMetrics(dataDirectory: config.dataDirectory)
        let vitals = NodeVitals(.starting(nodeID: config.id, center: config.center))
        let http: ObservabilityServer
        do {
            http = try ObservabilityServer(address: config.endpoints.http, metrics: metrics, vitals: vitals, logger: logger)
        } catch {
            printError("\(config.endpoints.http): \(error)")
            throw ExitCode(2)
        }
        let node = NodeService(config: config, logger: logger, telemetry: NodeTelemetry(metrics: metrics, vitals: vitals))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: node, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: http),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            printError("center-node \(config.id): \(error)")
            throw ExitCode.failure
        }
    }

    /// Errors go to standard error, so that scripts reading standard output see only results.
    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
