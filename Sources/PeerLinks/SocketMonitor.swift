import CZeroMQ
import Synchronization
import ZeroMQ

/// Connection events of one socket, read from a libzmq socket monitor: this is how a peer process
/// that died is noticed at once (its TCP connection closes) instead of after an election timeout.
enum SocketMonitor {
    enum Event: Equatable {
        /// The CURVE handshake, including the peer's ZAP approval of our key, completed.
        case handshakeSucceeded
        /// A connection closed, whether or not its handshake had completed.
        case disconnected
        case other(UInt16)
    }

    /// Only what changes a link's state, so that a peer that keeps refusing us produces few events.
    static let watchedEvents = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED

    /// Each monitor needs an inproc endpoint of its own in the context.
    private static let nextEndpointNumber = Atomic<UInt64>(0)

    static func uniqueEndpoint() -> String {
        let number = nextEndpointNumber.add(1, ordering: .relaxed).newValue
        return "inproc://interflow.peerlinks.monitor.\(number)"
    }

    /// Makes libzmq publish `socket`'s events on `endpoint`; connect a PAIR there before the socket
    /// connects anywhere, so that no event is missed.
    static func attach(_ socket: ZeroMQSocket, endpoint: String) throws(ZeroMQError) {
        try socket.monitor(endpoint: endpoint, events: watchedEvents)
    }

    /// A monitor message is [event id (2 bytes) + value (4 bytes), endpoint], in host byte order.
    static func parse(_ frames: [[UInt8]]) -> Event? {
        guard let first = frames.first, first.count >= 6 else { return nil }
        let id = first.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
        switch Int32(id) {
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return .handshakeSucceeded
        case ZMQ_EVENT_DISCONNECTED: return .disconnected
        default: return .other(id)
        }
    }
}
