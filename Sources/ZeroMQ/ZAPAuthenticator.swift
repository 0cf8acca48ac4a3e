import Synchronization

/// The ZAP handler (RFC 27) of one context: admits a CURVE client only if its public key has been
/// given here for the server socket's ZAP domain, and tells the server socket the key's role, which arrives with each message as
/// `ReceivedMessage.userID`. Everyone else is refused and never gets an answer.
///
/// Start it before binding CURVE servers in the same context. While it is stopped, those servers
/// refuse every new connection (see `configureCurveServer`).
public final class ZAPAuthenticator: Sendable {
    /// Where libzmq looks for the ZAP handler of a context; one handler per context.
    public static let endpoint = "inproc://zeromq.zap.01"

    private let context: ZeroMQContext
    private let policy: ZAPPolicy
    private let observer: (@Sendable (ZAPDecision) -> Void)?
    private let running = Mutex<ZAPHandlerThread?>(nil)

    /// `observer` is called on the handler thread after every decision; every CURVE handshake of the
    /// context waits behind it, so it must be quick (count, log) and never block.
    public init(
        context: ZeroMQContext, admittedKeys: [String: [CurveKey: String]] = [:],
        observer: (@Sendable (ZAPDecision) -> Void)? = nil
    ) {
        self.context = context
        self.policy = ZAPPolicy(admittedKeys)
        self.observer = observer
    }

    deinit {
        stop()
    }

    /// Binds the ZAP endpoint on a thread of its own, waiting at most `timeoutMs` for it.
    /// Does nothing if already running. Fails with EADDRINUSE if another handler serves this context.
    public func start(timeoutMs: Int = 2000) throws(ZeroMQError) {
        let timeoutMs = Int(try ZeroMQError.checkedTimeout(timeoutMs, "start ZAP handler"))
        try running.withLock { (current: inout ZAPHandlerThread?) throws(ZeroMQError) in
            guard current == nil else { return }
            current = try ZAPHandlerThread.start(
                context: context, policy: policy, observer: observer, timeoutMs: timeoutMs)
        }
    }

    /// Returns true once the handler thread has exited and released the endpoint, false if it did not
    /// within `timeoutMs`. Idempotent.
    @discardableResult
    public func stop(timeoutMs: Int = 2000) -> Bool {
        guard let thread = running.withLock({ current in defer { current = nil }; return current }) else {
            return true
        }
        return thread.stop(context: context, timeoutMs: max(0, timeoutMs))
    }

    public var isRunning: Bool { running.withLock { $0 != nil } }

    /// The keys admitted on one ZAP domain and their roles (the ZAP User-Id). Changes apply to new
    /// connections; already admitted connections stay up.
    public func admittedKeys(inDomain domain: String) -> [CurveKey: String] {
        policy.admittedKeys(inDomain: domain)
    }

    public func replaceAdmittedKeys(_ keys: [CurveKey: String], inDomain domain: String) {
        policy.update(domain: domain) { $0 = keys }
    }

    public func admit(_ key: CurveKey, as role: String, inDomain domain: String) {
        policy.update(domain: domain) { $0[key] = role }
    }

    public func revoke(_ key: CurveKey, inDomain domain: String) {
        policy.update(domain: domain) { $0[key] = nil }
    }

    /// Decisions made since this authenticator was created.
    public var statistics: ZAPStatistics { policy.statistics }
}
