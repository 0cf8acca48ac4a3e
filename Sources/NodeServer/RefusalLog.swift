import Logging
import Synchronization
import ZeroMQ

/// Logs refused CURVE handshakes from the ZAP handler's thread, at most one line per interval:
/// an unknown key retrying every 100 ms must not flood the log (the metric counts every one).
final class RefusalLog: Sendable {
    private let logger: Logger
    private let intervalMs: Int
    private let lastLogged = Mutex<ContinuousClock.Instant?>(nil)

    init(logger: Logger, intervalMs: Int = 5_000) {
        self.logger = logger
        self.intervalMs = intervalMs
    }

    func observe(_ decision: ZAPDecision) {
        guard !decision.admitted else { return }
        let now = ContinuousClock.now
        let due = lastLogged.withLock { last in
            guard last.map({ $0.duration(to: now) >= .milliseconds(intervalMs) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let key = decision.publicKey?.z85 ?? "none (\(decision.mechanism))"
        logger.warning("refused a connection from \(decision.address) to \(decision.domain): key \(key) is not admitted")
    }
}
