import Synchronization

/// The latest ``NodeHealth``, handed from the node loop (which writes it every tick) to the HTTP server.
public final class NodeVitals: Sendable {
    private let health: Mutex<NodeHealth>

    public init(_ initial: NodeHealth) {
        health = Mutex(initial)
    }

    public func update(_ health: NodeHealth) {
        self.health.withLock { $0 = health }
    }

    public var current: NodeHealth {
        health.withLock { $0 }
    }
}
