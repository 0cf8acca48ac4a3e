import Synchronization

/// The latest ``NodeHealth``, handed from the node loop (which writes it every tick) to the HTTP
/// server, and when the loop last wrote it: whether the process is alive and turning.
public final class NodeVitals: Sendable {
    private let health: Mutex<(NodeHealth, updatedAt: ContinuousClock.Instant?)>

    /// The loop writes every tick; this long without a write means it is stuck (a deadlock, a
    /// stalled disk, a frozen process), which a restart may cure.
    public static let maxLoopSilenceMs = 10_000

    public init(_ initial: NodeHealth) {
        health = Mutex((initial, nil))
    }

    public func update(_ health: NodeHealth) {
        self.health.withLock { $0 = (health, .now) }
    }

    public var current: NodeHealth {
        health.withLock { $0.0 }
    }

    /// True while starting (the loop has not turned yet: replaying the log can take a while) and
    /// while the loop has turned within `maxLoopSilenceMs`.
    public var isLive: Bool {
        guard let updatedAt = health.withLock({ $0.updatedAt }) else { return true }
        return updatedAt.duration(to: .now) <= .milliseconds(Self.maxLoopSilenceMs)
    }
}
