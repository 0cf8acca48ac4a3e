import CZeroMQ
import Consensus
import Wire
import ZeroMQ

/// A node's links to its peers: one CURVE ROUTER that peers connect to, one DEALER per peer that we
/// connect with, carrying Raft messages as Wire frames.
///
/// Made for one owner on one thread (the node's actor or I/O loop), like the sockets it holds: it is
/// deliberately not `Sendable`. Nothing here blocks beyond the `timeoutMs` given to `poll`; sends never
/// wait (a full queue drops and counts, since Raft retransmits).
public final class PeerLinks {
    /// This node's id: inbound messages must be addressed to it.
    public let selfID: NodeID
    /// The endpoint actually bound after `start()` (a wildcard port resolved), to tell peers in tests.
    public private(set) var boundEndpoint: String?
    /// Frames dropped, by `DropReason.rawValue`, in and out; for the node's metrics.
    public var droppedFrames: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: drops.map { ($0.key.rawValue, $0.value) })
    }
    /// Peers whose outbound link has completed its handshake and not dropped since.
    public var connectedPeers: Set<NodeID> { Set(links.values.filter(\.isConnected).map(\.peerID)) }
    /// The current peers, as last given to `init` or `updatePeers`.
    public internal(set) var peers: [NodeID: PeerAddress]

    let context: ZeroMQContext
    let authenticator: ZAPAuthenticator
    let endpoint: String
    let keyPair: CurveKeyPair
    let options: PeerLinksOptions
    var router: ZeroMQSocket?
    var links: [NodeID: OutboundLink] = [:]
    /// Rebuilt whenever the set of sockets changes: the wrapper's poller cannot unregister.
    var poller = ZeroMQPoller()
    /// Socket i of `poller` after the ROUTER (index 0) is the monitor of `polledPeers[i - 1]`.
    var polledPeers: [NodeID] = []
    /// The owner's other sockets (the client endpoint) that `poll` also wakes up for.
    var watchedSockets: [ZeroMQSocket] = []
    var watchedDescriptors: [Int32] = []
    var drops: [DropReason: UInt64] = [:]
    /// Unfinished inbound snapshots, at most one per peer (see `SnapshotAssembly`).
    var assemblies: [NodeID: SnapshotAssembly] = [:]
    /// The last snapshot transfer's id. Random at first, so that a restarted node's transfers are not
    /// taken for the continuation of a transfer its previous run left unfinished at a peer.
    var lastTransferID = UInt64.random(in: .min ... .max)
    var log: RateLimitedLog
    private(set) var isClosed = false

    /// `authenticator` is the context's ZAP handler, shared with any other CURVE server of the node
    /// (one handler per context): these links admit and revoke only their peers' keys in it.
    /// `log` receives rate-limited lines about dropped frames.
    public init(
        context: ZeroMQContext, authenticator: ZAPAuthenticator, selfID: NodeID, endpoint: String,
        keyPair: CurveKeyPair, peers: [NodeID: PeerAddress], options: PeerLinksOptions = PeerLinksOptions(),
        log: @escaping (String) -> Void = { _ in }
    ) {
        self.context = context
        self.authenticator = authenticator
        self.selfID = selfID
        self.endpoint = endpoint
        self.keyPair = keyPair
        self.peers = peers.filter { $0.key != selfID }
        self.options = options
        self.log = RateLimitedLog(intervalMs: options.logIntervalMs, sink: log)
    }

    deinit {
        close()
    }

    /// Admits the peers' keys, binds the inbound socket and connects to every peer. Separate from
    /// `init` so that a bind failure (port in use) is an error the caller can retry or report.
    public func start() throws(ZeroMQError) {
        guard !isClosed else { throw ZeroMQError(operation: "start peer links (closed)", errno: ENOTSOCK) }
        guard router == nil else { return }
        for (id, address) in peers { authenticator.admit(address.publicKey, as: InboundAdmission.role(of: id), inDomain: options.zapDomain) }
        // Servers refuse every connection while no ZAP handler runs; starting it is idempotent.
        try authenticator.start()
        let socket = try ZeroMQSocket(context: context, type: .router)
        do throws(ZeroMQError) {
            try socket.configureCurveServer(secretKey: keyPair.secretKey, zapDomain: options.zapDomain)
            try socket.setMaxMessageSize(
                bytes: Int64(options.effectiveMaxReceiveBytes) + ZeroMQSocket.curveFrameOverheadBytes)
            try socket.setReceiveHighWaterMark(messages: options.receiveQueueMessages)
            try socket.setHeartbeat(
                intervalMs: options.heartbeatIntervalMs, timeoutMs: options.heartbeatTimeoutMs,
                ttlMs: options.heartbeatTimeoutMs)
            try socket.setHandshakeTimeout(timeoutMs: options.handshakeTimeoutMs)
            try socket.bind(endpoint)
            boundEndpoint = try socket.lastEndpoint()
        } catch {
            socket.close()
            throw error
        }
        router = socket
        for (id, address) in peers { try openLink(to: id, address) }
        rebuildPoller()
    }

    /// Closes every socket and revokes the peers' keys; idempotent. The context and its ZAP handler
    /// belong to the caller and stay open.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for link in links.values { link.close() }
        links = [:]
        router?.close()
        router = nil
        poller = ZeroMQPoller()
        polledPeers = []
        watchedSockets = []
        watchedDescriptors = []
        assemblies = [:]
        for address in peers.values { authenticator.revoke(address.publicKey, inDomain: options.zapDomain) }
    }

    func openLink(to id: NodeID, _ address: PeerAddress) throws(ZeroMQError) {
        links[id] = try OutboundLink(
            context: context, keyPair: keyPair, peerID: id, address: address, options: options)
    }

    func rebuildPoller() {
        poller = ZeroMQPoller()
        polledPeers = []
        guard let router else { return }
        poller.register(router)
        for id in links.keys.sorted() {
            guard let link = links[id] else { continue }
            poller.register(link.monitor)
            polledPeers.append(id)
        }
        for socket in watchedSockets { poller.register(socket) }
        for descriptor in watchedDescriptors { poller.register(descriptor: descriptor) }
    }

    /// Makes `poll` return as soon as `socket` is readable too, so that one thread can wait on its
    /// peers and its clients at once. `poll` does not read it: the owner does.
    public func watch(_ socket: ZeroMQSocket) {
        watchedSockets.append(socket)
        rebuildPoller()
    }

    /// Like `watch(_:)` for a plain descriptor, which the owner reads and keeps open.
    public func watch(descriptor: Int32) {
        watchedDescriptors.append(descriptor)
        rebuildPoller()
    }

    func countDrop(_ reason: DropReason, _ detail: @autoclosure () -> String) {
        drops[reason, default: 0] += 1
        log.log(reason.rawValue, "peer links of node \(selfID): dropped frame (\(reason.rawValue)): \(detail())")
    }
}
