import CZeroMQ

/// ZMQ_ZAP_ENFORCE_DOMAIN is only declared in libzmq's draft API, but the stable 4.3 library honors it.
let zmqZAPEnforceDomain: Int32 = 93

extension ZeroMQSocket {
    func setOption(_ option: Int32, int value: Int32, _ name: String) throws(ZeroMQError) {
        let raw = try open("set \(name)")
        var value = value
        guard zmq_setsockopt(raw, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZeroMQError.last("set \(name)")
        }
    }

    func setOption(_ option: Int32, bytes: [UInt8], _ name: String) throws(ZeroMQError) {
        let raw = try open("set \(name)")
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(raw, option, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw ZeroMQError.last("set \(name)") }
    }

    func intOption(_ option: Int32, _ name: String) throws(ZeroMQError) -> Int32 {
        let raw = try open("get \(name)")
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(raw, option, &value, &size) == 0 else { throw ZeroMQError.last("get \(name)") }
        return value
    }

    func bytesOption(_ option: Int32, capacity: Int, _ name: String) throws(ZeroMQError) -> [UInt8] {
        let raw = try open("get \(name)")
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        let rc = buffer.withUnsafeMutableBytes { zmq_getsockopt(raw, option, $0.baseAddress, &size) }
        guard rc == 0 else { throw ZeroMQError.last("get \(name)") }
        return Array(buffer.prefix(size))
    }

    /// ROUTER peers address this socket by it; set before connecting. 1 to 255 bytes, not starting with 0.
    public func setRoutingID(_ id: [UInt8]) throws(ZeroMQError) {
        try setOption(ZMQ_ROUTING_ID, bytes: id, "ZMQ_ROUTING_ID")
    }

    public func routingID() throws(ZeroMQError) -> [UInt8] {
        try bytesOption(ZMQ_ROUTING_ID, capacity: 256, "ZMQ_ROUTING_ID")
    }

    /// Messages queued per peer before sends block (or fail with a zero timeout); 0 means no limit.
    public func setSendHighWaterMark(messages: Int) throws(ZeroMQError) {
        try setOption(ZMQ_SNDHWM, int: Int32(clamping: messages), "ZMQ_SNDHWM")
    }

    public func setReceiveHighWaterMark(messages: Int) throws(ZeroMQError) {
        try setOption(ZMQ_RCVHWM, int: Int32(clamping: messages), "ZMQ_RCVHWM")
    }

    /// What CURVE adds to each frame on the wire (command name, nonce, MAC, flags byte).
    public static let curveFrameOverheadBytes: Int64 = 33

    /// The largest inbound frame accepted; a peer that sends a larger one has its connection dropped
    /// by libzmq (the frame is never delivered). -1 means no limit.
    ///
    /// libzmq applies the limit to the frame as it is on the wire: on a CURVE socket that is the
    /// encrypted frame, so to accept payloads of up to N bytes set N + `curveFrameOverheadBytes`.
    public func setMaxMessageSize(bytes: Int64) throws(ZeroMQError) {
        let raw = try open("set ZMQ_MAXMSGSIZE")
        var value = bytes
        guard zmq_setsockopt(raw, ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZeroMQError.last("set ZMQ_MAXMSGSIZE")
        }
    }

    /// The endpoint last bound, with a wildcard port resolved (bind `tcp://127.0.0.1:*`, then read the port).
    public func lastEndpoint() throws(ZeroMQError) -> String {
        let bytes = try bytesOption(ZMQ_LAST_ENDPOINT, capacity: 1024, "ZMQ_LAST_ENDPOINT")
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// How soon a dropped or refused connection is retried; backoff doubles up to `maxIntervalMs`
    /// (0 keeps the interval constant).
    public func setReconnectInterval(intervalMs: Int, maxIntervalMs: Int = 0) throws(ZeroMQError) {
        try setOption(ZMQ_RECONNECT_IVL, int: Int32(clamping: intervalMs), "ZMQ_RECONNECT_IVL")
        try setOption(ZMQ_RECONNECT_IVL_MAX, int: Int32(clamping: maxIntervalMs), "ZMQ_RECONNECT_IVL_MAX")
    }

    /// On a ROUTER, sending to an unknown routing id throws EHOSTUNREACH instead of silently dropping.
    public func setRouterMandatory(_ enabled: Bool) throws(ZeroMQError) {
        try setOption(ZMQ_ROUTER_MANDATORY, int: enabled ? 1 : 0, "ZMQ_ROUTER_MANDATORY")
    }

    /// ZMTP pings every `intervalMs`; a connection with no traffic for `timeoutMs` is dropped, so a dead
    /// peer is noticed without waiting for TCP. `ttlMs` asks the remote side to drop us likewise
    /// (libzmq rounds it to tenths of a second). 0 disables each.
    public func setHeartbeat(intervalMs: Int, timeoutMs: Int, ttlMs: Int = 0) throws(ZeroMQError) {
        try setOption(ZMQ_HEARTBEAT_IVL, int: Int32(clamping: intervalMs), "ZMQ_HEARTBEAT_IVL")
        try setOption(ZMQ_HEARTBEAT_TIMEOUT, int: Int32(clamping: timeoutMs), "ZMQ_HEARTBEAT_TIMEOUT")
        try setOption(ZMQ_HEARTBEAT_TTL, int: Int32(clamping: ttlMs), "ZMQ_HEARTBEAT_TTL")
    }

    /// A connection that has not finished its (CURVE) handshake within this time is dropped; 0 disables.
    public func setHandshakeTimeout(timeoutMs: Int) throws(ZeroMQError) {
        try setOption(ZMQ_HANDSHAKE_IVL, int: Int32(clamping: timeoutMs), "ZMQ_HANDSHAKE_IVL")
    }

    /// Queue outbound messages only on completed connections, so messages for a peer that is down
    /// or refusing us are not buffered (DEALER/REQ sends then wait instead).
    public func setImmediate(_ enabled: Bool) throws(ZeroMQError) {
        try setOption(ZMQ_IMMEDIATE, int: enabled ? 1 : 0, "ZMQ_IMMEDIATE")
    }
}
