import CZeroMQ

extension ZeroMQSocket {
    /// Publishes this socket's connection events (a bitmask of `ZMQ_EVENT_*`) on an inproc
    /// `endpoint`; connect a PAIR there before this socket connects anywhere, so that no event is
    /// missed. This is how a dead peer is noticed at once: its TCP connection closes.
    public func monitor(endpoint: String, events: Int32) throws(ZeroMQError) {
        let raw = try open("zmq_socket_monitor \(endpoint)")
        guard zmq_socket_monitor(raw, endpoint, events) == 0 else {
            throw ZeroMQError.last("zmq_socket_monitor \(endpoint)")
        }
    }
}
