import Consensus
import ZeroMQ

/// Our DEALER to one peer's ROUTER, with the monitor that tells when that connection comes and goes.
/// Each direction between two nodes has its own link, so neither side ever waits for a reply socket.
final class OutboundLink {
    let peerID: NodeID
    let address: PeerAddress
    let dealer: ZeroMQSocket
    let monitor: ZeroMQSocket
    /// True between a completed handshake and the next disconnect, so each change is reported once.
    private(set) var isConnected = false

    init(
        context: ZeroMQContext, keyPair: CurveKeyPair, peerID: NodeID, address: PeerAddress,
        options: PeerLinksOptions
    ) throws(ZeroMQError) {
        self.peerID = peerID
        self.address = address
        dealer = try ZeroMQSocket(context: context, type: .dealer)
        monitor = try ZeroMQSocket(context: context, type: .pair)
        do throws(ZeroMQError) {
            try dealer.configureCurveClient(keyPair: keyPair, serverPublicKey: address.publicKey)
            try dealer.setSendHighWaterMark(messages: options.sendQueueMessages)
            // Without a completed connection nothing is queued: a dead peer's messages are dropped at
            // once (Raft resends fresh ones) rather than replayed stale after it comes back.
            try dealer.setImmediate(true)
            try dealer.setReconnectInterval(
                intervalMs: options.reconnectIntervalMs, maxIntervalMs: options.maxReconnectIntervalMs)
            try dealer.setHeartbeat(
                intervalMs: options.heartbeatIntervalMs, timeoutMs: options.heartbeatTimeoutMs,
                ttlMs: options.heartbeatTimeoutMs)
            try dealer.setHandshakeTimeout(timeoutMs: options.handshakeTimeoutMs)
            let monitorEndpoint = SocketMonitor.uniqueEndpoint()
            try SocketMonitor.attach(dealer, endpoint: monitorEndpoint)
            // libzmq blocks its I/O thread when a monitor queue is full, so give events ample room;
            // only link changes are watched and `poll` drains them first.
            try monitor.setReceiveHighWaterMark(messages: 10_000)
            try monitor.connect(monitorEndpoint)
            try dealer.connect(address.endpoint)
        } catch {
            close()
            throw error
        }
    }

    /// Queues one frame without waiting; false when the queue is full or the peer is not connected.
    func trySend(_ frame: [UInt8]) throws(ZeroMQError) -> Bool {
        try dealer.trySend([frame])
    }

    /// The link changes reported by the monitor since the last call, each change once.
    func drainMonitor(into events: inout [PeerEvent]) throws(ZeroMQError) {
        while let received = try monitor.tryReceive() {
            switch SocketMonitor.parse(received.frames) {
            case .handshakeSucceeded where !isConnected:
                isConnected = true
                events.append(.connected(peerID))
            case .disconnected where isConnected:
                isConnected = false
                events.append(.disconnected(peerID))
            default:
                // Failed attempts also end in "disconnected"; they change nothing while we are down.
                break
            }
        }
    }

    /// The DEALER first: closing it stops its monitor, so the PAIR then has nothing left to read.
    func close() {
        dealer.close()
        monitor.close()
    }
}
