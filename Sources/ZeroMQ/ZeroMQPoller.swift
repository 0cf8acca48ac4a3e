import CZeroMQ

public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// A whole message can be received without waiting.
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without waiting.
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// Waits on several sockets at once. Holds its sockets, so it belongs to the same single owner
/// as they do and is not `Sendable` either.
public final class ZeroMQPoller {
    private var sockets: [ZeroMQSocket] = []
    private var interests: [PollEvents] = []
    /// Plain descriptors (a pipe another thread writes to), after the sockets in `poll`'s result.
    private var descriptors: [Int32] = []

    public init() {}

    /// Returns the socket's index in the arrays that `poll` returns.
    @discardableResult
    public func register(_ socket: ZeroMQSocket, for events: PollEvents = .readable) -> Int {
        sockets.append(socket)
        interests.append(events)
        return sockets.count - 1
    }

    /// Polls a plain descriptor for readability too; its index follows every socket's.
    public func register(descriptor: Int32) {
        descriptors.append(descriptor)
    }

    public var count: Int { sockets.count + descriptors.count }

    /// Waits at most `timeoutMs` (0: just look) until one registered socket or descriptor is ready.
    /// Element i is what socket i (then descriptor i - sockets) is ready for; all are empty when
    /// the time ran out.
    public func poll(timeoutMs: Int) throws(ZeroMQError) -> [PollEvents] {
        let limitMs = try ZeroMQError.checkedTimeout(timeoutMs, "poll")
        var items: [zmq_pollitem_t] = []
        items.reserveCapacity(sockets.count)
        for (socket, events) in zip(sockets, interests) {
            let raw = try socket.open("poll")
            items.append(zmq_pollitem_t(socket: raw, fd: 0, events: events.rawValue, revents: 0))
        }
        for descriptor in descriptors {
            items.append(zmq_pollitem_t(socket: nil, fd: descriptor, events: PollEvents.readable.rawValue, revents: 0))
        }
        let deadline = Deadline(afterMs: limitMs)
        while true {
            let waitMs = deadline.remainingMs()
            let rc = items.withUnsafeMutableBufferPointer {
                zmq_poll($0.baseAddress, Int32($0.count), Int(waitMs))
            }
            if rc >= 0 { break }
            guard zmq_errno() == EINTR else { throw ZeroMQError.last("poll") }
        }
        return items.map { PollEvents(rawValue: $0.revents) }
    }
}
