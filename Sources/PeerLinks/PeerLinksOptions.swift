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
    /// An installSnapshot whose frame is larger than this travels as chunk frames of about this size
    /// (larger when the snapshot would otherwise take too much of the send queue), so that a snapshot
    /// may exceed `wire.maxFrameBytes` up to `wire.maxAssembledBytes`. Should stay below
    /// `wire.maxFrameBytes`; a larger value is cut down to what fits in one frame.
    public var snapshotChunkBytes = 1 << 20
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

    /// Chunks must fit in one frame whatever the settings, and carry at least one byte.
    var effectiveSnapshotChunkBytes: Int {
        max(1, min(snapshotChunkBytes, wire.maxFrameBytes - PeerFrame.chunkHeaderBytes))
    }

    /// At least `snapshotChunkBytes`, but large enough that one snapshot takes at most half of the
    /// peer's send queue: all chunks are queued at once, and the other half stays free for the
    /// heartbeats and appends sent while they drain. Never more than one frame holds; a snapshot so
    /// large that even full frames overfill the queue is stopped at the first chunk refused, and Raft
    /// sends it again.
    func snapshotChunkBytes(forFrameBytes frameBytes: Int) -> Int {
        let chunksAllowed = max(1, sendQueueMessages / 2)
        let queueShareBytes = frameBytes / chunksAllowed + 1
        let frameCapacityBytes = max(1, wire.maxFrameBytes - PeerFrame.chunkHeaderBytes)
        return min(max(effectiveSnapshotChunkBytes, queueShareBytes), frameCapacityBytes)
    }

    var effectiveMaxReceiveBytes: Int {
        maxReceiveBytes ?? wire.maxFrameBytes.multipliedReportingOverflow(by: 2).partialValue
    }
}
