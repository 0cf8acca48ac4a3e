import CZeroMQ

/// A libzmq call that failed, with the errno it reported and libzmq's own text for it.
public struct ZeroMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The wrapper operation that failed, such as "bind tcp://127.0.0.1:*".
    public let operation: String
    public let errno: Int32
    /// `zmq_strerror(errno)`, which also knows libzmq's own codes such as ETERM and EFSM.
    public let message: String

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
        self.message = String(cString: zmq_strerror(errno))
    }

    /// Captures errno right after a failed libzmq call, before anything else can overwrite it.
    static func last(_ operation: String) -> ZeroMQError {
        ZeroMQError(operation: operation, errno: zmq_errno())
    }

    /// The context was closed: every later operation on its sockets fails this way.
    public var isContextTerminated: Bool { errno == ETERM }

    public var description: String { "\(operation): \(message) (errno \(errno))" }
}

extension ZeroMQError {
    /// Every wait must be bounded, so a negative ("forever") timeout is refused rather than honored.
    static func checkedTimeout(_ timeoutMs: Int, _ operation: String) throws(ZeroMQError) -> Int32 {
        guard timeoutMs >= 0 else { throw ZeroMQError(operation: operation, errno: EINVAL) }
        return Int32(clamping: timeoutMs)
    }
}
