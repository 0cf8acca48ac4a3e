import CZeroMQ

/// Owns one libzmq socket, closed exactly once: by `close()` or else by deinit.
///
/// libzmq sockets are not thread-safe, so this class is deliberately not `Sendable`: one owner
/// (a thread, an actor, a task) creates it and is the only one to use it. Every socket gets linger 0,
/// so closing it drops unsent messages instead of holding up context termination.
public final class ZeroMQSocket {
    public let type: SocketType
    private var raw: UnsafeMutableRawPointer?
    /// Keeps the context from being terminated while this socket is open (see `ContextHandle`).
    private var context: ContextHandle?
    /// The ZMQ_RCVTIMEO / ZMQ_SNDTIMEO currently set, so a timed call sets the option only on change.
    var currentReceiveTimeoutMs: Int32 = -1
    var currentSendTimeoutMs: Int32 = -1

    public init(context: ZeroMQContext, type: SocketType) throws(ZeroMQError) {
        let handle = try context.retainHandle("zmq_socket")
        guard let raw = zmq_socket(handle.raw, type.rawValue) else {
            throw ZeroMQError.last("zmq_socket")
        }
        self.type = type
        self.raw = raw
        self.context = handle
        var zero: Int32 = 0
        _ = zmq_setsockopt(raw, ZMQ_LINGER, &zero, MemoryLayout<Int32>.size)
    }

    deinit {
        close()
    }

    /// Idempotent.
    public func close() {
        guard let raw else { return }
        self.raw = nil
        _ = zmq_close(raw)
        // Only now may the context terminate; with linger 0 this never waits.
        context = nil
    }

    public var isClosed: Bool { raw == nil }

    /// The raw socket, or ENOTSOCK once closed, so that use after close is an error, not a crash;
    /// ETERM once the context is closed.
    func open(_ operation: String) throws(ZeroMQError) -> UnsafeMutableRawPointer {
        guard let raw, let context else { throw ZeroMQError(operation: operation, errno: ENOTSOCK) }
        guard !context.isShutDown else { throw ZeroMQError(operation: operation, errno: ETERM) }
        return raw
    }

    public func bind(_ endpoint: String) throws(ZeroMQError) {
        let raw = try open("bind \(endpoint)")
        guard zmq_bind(raw, endpoint) == 0 else { throw ZeroMQError.last("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZeroMQError) {
        let raw = try open("connect \(endpoint)")
        guard zmq_connect(raw, endpoint) == 0 else { throw ZeroMQError.last("connect \(endpoint)") }
    }

    public func unbind(_ endpoint: String) throws(ZeroMQError) {
        let raw = try open("unbind \(endpoint)")
        guard zmq_unbind(raw, endpoint) == 0 else { throw ZeroMQError.last("unbind \(endpoint)") }
    }

    public func disconnect(_ endpoint: String) throws(ZeroMQError) {
        let raw = try open("disconnect \(endpoint)")
        guard zmq_disconnect(raw, endpoint) == 0 else { throw ZeroMQError.last("disconnect \(endpoint)") }
    }
}

/// Sockets must stay with one owner; this makes any attempt to share one a compile-time error.
@available(*, unavailable)
extension ZeroMQSocket: Sendable {}
