import Hummingbird
import Logging
import ServiceLifecycle

/// The node's HTTP endpoint for `/metrics`, `/health` and `/ready`, run as a service until graceful
/// shutdown or cancellation.
public struct ObservabilityServer: Service {
    public let address: ListenAddress
    private let metrics: NodeMetrics
    private let vitals: NodeVitals
    private let logger: Logger
    private let onBound: @Sendable (Int) -> Void

    /// - Parameters:
    ///   - address: "host:port"; checked here so that a typo fails at start-up, not at bind time.
    ///   - onBound: Called with the port actually bound once the server listens, which is how a caller
    ///     that asked for port 0 learns it.
    public init(
        address: String, metrics: NodeMetrics, vitals: NodeVitals, logger: Logger,
        onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws(InvalidListenAddress) {
        self.address = try ListenAddress(parsing: address)
        self.metrics = metrics
        self.vitals = vitals
        self.logger = logger
        self.onBound = onBound
    }

    public func run() async throws {
        let address = address
        let logger = logger
        let onBound = onBound
        let app = Application(
            router: ObservabilityRoutes.router(metrics: metrics, vitals: vitals),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.info(
                    "observability endpoint listening",
                    metadata: ["address": "\(ListenAddress(host: address.host, port: port))"])
                onBound(port)
            },
            logger: logger)
        try await app.run()
    }
}
