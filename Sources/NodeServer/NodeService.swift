import ClusterConfig
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs a `NodeLoop` on a thread of its own as a ServiceLifecycle service: graceful shutdown
/// (SIGTERM) asks the loop to stop at its next turn, which answers waiting clients, closes the
/// sockets and the store. The loop is built on that thread too, since it must stay there.
public final class NodeService: Service, Sendable {
    private let config: NodeConfig
    private let logger: Logger
    private let telemetry: NodeTelemetry
    private let stopRequested = Atomic<Bool>(false)

    public init(config: NodeConfig, logger: Logger, telemetry: NodeTelemetry) {
        self.config = config
        self.logger = logger
        self.telemetry = telemetry
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread { [self] in
                    do {
                        let loop = try NodeLoop(config: config, logger: logger, telemetry: telemetry)
                        try loop.run { stopRequested.load(ordering: .relaxed) }
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "node-\(config.id)"
                thread.start()
            }
        } onGracefulShutdown: { [self] in
            logger.info("node \(config.id): shutting down")
            stopRequested.store(true, ordering: .relaxed)
        }
    }

    /// Asks the loop to stop without a signal, for embedding and tests.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }
}
