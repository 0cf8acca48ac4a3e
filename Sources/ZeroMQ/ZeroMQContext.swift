import CZeroMQ
import Synchronization

/// Owns one libzmq context. Safe to share between threads, as libzmq contexts are.
///
/// `close()` shuts the context down at once (blocking calls on its sockets return ETERM, new sockets
/// cannot be made); the underlying `zmq_ctx_term` then happens when the last of its sockets is closed,
/// so sockets and context can be closed in any order without hanging.
public final class ZeroMQContext: Sendable {
    private let handle: Mutex<ContextHandle?>

    public init() throws(ZeroMQError) {
        handle = Mutex(try ContextHandle())
    }

    /// Idempotent.
    public func close() {
        let closing = handle.withLock { handle in
            defer { handle = nil }
            return handle
        }
        closing?.shutdown()
    }

    public var isClosed: Bool { handle.withLock { $0 == nil } }

    /// A reference that keeps the raw context alive while a socket of it is open.
    func retainHandle(_ operation: String) throws(ZeroMQError) -> ContextHandle {
        guard let current = handle.withLock({ $0 }) else {
            throw ZeroMQError(operation: operation, errno: ETERM)
        }
        return current
    }
}
