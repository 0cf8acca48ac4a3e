import Wire

/// Bounds and timings of the peer links. Defaults suit a LAN cluster with a 500 ms election
/// timeout: a dead peer is noticed well within it, and no queue or wait is unbounded.
public struct PeerLinksOptions: Sendable, Equatable {
    /// Frame limits for decoding; a frame over `wire.maxFrameBytes` is dropped as "oversized".
    public var wire = PeerFrame.Limits()
    /// Frames above this are not even received: libzmq cuts the sender's connection (it reconnects),
    /// so a hostile peer cannot make us buffer more. nil means twice `wire.maxFrameBytes`, so that an
    /// ordinary oversize is still counted by reason rather than only cut.
    public var maxReceiveBytes: Int?
    /// Messages queued per peer before further sends to it are dropped as "queue_full".
    public var sendQueueMessages = 1024
    /// Messages queued per inbound connection before libzmq stops reading it (TCP pushes back).
    public var receiveQueueMessages = 4096
    /// At most this many events per `poll`, so a flood cannot keep the caller from its timers.
    public var maxEventsPerPoll = 1024
    /// First retry after a lost or refused connection; doubles up to `maxReconnectIntervalMs`.
    public var reconnectIntervalMs = 100
    public var maxReconnectIntervalMs = 1000
    /// ZMTP pings notice a silent peer (frozen process, cut cable) that never closes its TCP connection.
    public var heartbeatIntervalMs = 250
    public var heartbeatTimeoutMs = 1500
    /// A connection stuck in its CURVE handshake is dropped after this.
    public var handshakeTimeoutMs = 3000
    /// At most one log line per drop reason per this interval, so a misbehaving peer cannot flood the log.
    public var logIntervalMs = 5000
    /// The ZAP domain of the inbound socket, kept apart from the client API's domain.
    public var zapDomain = "interflow-peers"

    public init() {}

    var effectiveMaxReceiveBytes: Int {
        maxReceiveBytes ?? wire.maxFrameBytes.multipliedReportingOverflow(by: 2).partialValue
    }
}
