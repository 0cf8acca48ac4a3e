import CenterState
import ClientAPI
import ClusterConfig
import Consensus
import Foundation
import Logging
import NodeObservability
import NodeRuntime
import NodeStorage
import PeerLinks
import ZeroMQ

/// One node's whole life on one thread: the clock's ticks, the peers' messages and the clients'
/// requests all go through `run`, which feeds them to the driver in order. One thread because the
/// driver, the store's writer and the ZeroMQ sockets each want a single owner, and because a
/// blocking `zmq_poll` must not sit on Swift's cooperative pool; `NodeService` is the async face.
public final class NodeLoop {
    let config: NodeConfig
    let logger: Logger
    let telemetry: NodeTelemetry
    let context: ZeroMQContext
    let authenticator: ZAPAuthenticator
    let peers: PeerLinks
    let sender: PeerSender
    let clients: ClientEndpoint
    let store: NodeStore
    /// Held for the node's life, so that an offline command refuses to rewrite its store under it.
    let storeLock: StoreLock
    let state: CenterState
    let driver: RaftDriver
    let tickDuration: Duration
    /// A request waits at most this long for its answer, by the wall clock: counted in ticks, a
    /// loop that fell behind (a stall, a starved CPU) would answer late.
    let requestTimeoutMs: UInt64
    let startedAt = ContinuousClock.now
    /// What the node had committed when it started: it is ready once it has applied that much.
    let commitIndexAtStart: LogIndex

    var writes: PendingWrites
    var writeWaiters: [UInt64: WriteWaiter] = [:]
    var writeIDsByRequest: [RequestKey: UInt64] = [:]
    var nextWriteID: UInt64 = 1
    var reads: PendingReads<ReadWaiter>
    var knownLeader: NodeID?
    /// The last leader this node knew of, kept through elections: whom a new leader follows.
    var lastLeader: NodeID?
    var lastClockTickAt: ContinuousClock.Instant?
    var systemCommandsProposed: UInt64 = 0
    let centerFigures = CenterFiguresCache()
    /// Faults a drill injected into this node (`fault.inject`); each ends at its deadline.
    let faults: DrillFaults
    /// Client requests a drill's blackout dropped unanswered.
    var clientRequestsDroppedByDrill: UInt64 = 0
    /// Client requests over `limits.maxFrameBytes` (up to twice it; beyond, libzmq closes the
    /// connection before the node sees the frame), answered `bad_request` and not read.
    var clientRequestsOversized: UInt64 = 0

    /// At most this many requests are taken from the client socket per turn of the loop, so the
    /// clock and the peers are never starved; the rest wait in the socket's queue.
    static let maxRequestsPerTurn = 512
    /// A drill's pause is checked this often (it may outlast its deadline by as much).
    static let pauseStepMs = 50

    /// Opens the store, binds the peer and client endpoints and restarts the core from disk.
    public init(config: NodeConfig, logger: Logger, telemetry: NodeTelemetry) throws {
        self.config = config
        self.logger = logger
        self.telemetry = telemetry
        let keyPair = try NodeKeys.keyPair(config)
        let peerAddresses = try NodeKeys.peerAddresses(config)
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        storeLock = try StoreLock(databasePath: config.databasePath)
        var storage = StorageOptions()
        storage.preallocatedWALBytes = NodeStore.walCeilingBytes
        store = try NodeStore(path: config.databasePath, options: storage)
        context = try ZeroMQContext()
        let refusals = RefusalLog(logger: logger)
        authenticator = ZAPAuthenticator(
            context: context, admittedKeys: [ClientEndpoint.zapDomain: try NodeKeys.callers(config)], observer: { refusals.observe($0) })
        var options = PeerLinksOptions()
        options.wire.maxFrameBytes = config.limits.maxFrameBytes
        let linkLogger = logger
        peers = PeerLinks(
            context: context, authenticator: authenticator, selfID: config.id, endpoint: config.endpoints.peer,
            keyPair: keyPair, peers: peerAddresses, options: options, log: { linkLogger.warning("\($0)") })
        do {
            try peers.start()
        } catch {
            throw NodeSetupError("cannot listen for peers on \(config.endpoints.peer): \(error)")
        }
        do {
            clients = try ClientEndpoint(
                context: context, endpoint: config.endpoints.client, secretKey: keyPair.secretKey,
                maxFrameBytes: config.limits.maxFrameBytes)
        } catch {
            throw NodeSetupError("cannot listen for clients on \(config.endpoints.client): \(error)")
        }
        peers.watch(clients.socket)
        let faults = DrillFaults()
        self.faults = faults
        sender = PeerSender(links: peers, logger: logger, faults: faults)
        state = CenterState()
        let isFoundingVoter = config.members.contains { $0.id == config.id && $0.voter }
        driver = try RaftDriver(
            configuration: config.raftConfiguration, store: store, application: state,
            sender: sender,
            foundingVoters: isFoundingVoter ? config.members.filter(\.voter).map(\.id) : nil,
            randomSeed: UInt64.random(in: 1...UInt64.max), compactEveryEntries: config.limits.snapshotEveryEntries,
            compactEveryBytes: config.limits.snapshotEveryBytes, persistsInBackground: true,
            beforePersist: { faults.waitForSlowDisk() })
        if let persistFinished = driver.persistFinishedSignal { peers.watch(descriptor: persistFinished) }
        _ = state.takeAnswers()
        _ = driver.takeProgress()
        commitIndexAtStart = driver.core.commitIndex
        tickDuration = .milliseconds(config.timing.tickMs)
        requestTimeoutMs = UInt64(max(1, config.limits.requestTimeoutMs))
        writes = PendingWrites(capacity: config.limits.maxPendingRequests)
        reads = PendingReads(capacity: config.limits.maxPendingRequests)
        driver.applied = { [unowned self] in answerApplied() }
        if PlantedBug.staleReads {
            logger.warning("node \(config.id): \(PlantedBug.variable)=stale-reads: followers serve reads WITHOUT ReadIndex (a planted bug for the checker's tests)")
        }
        logger.info(
            "node \(config.id) (\(config.center)) started: peers on \(peers.boundEndpoint ?? config.endpoints.peer), clients on \(clients.boundEndpoint), term \(driver.core.term), applied \(driver.core.appliedIndex)"
        )
    }

    /// Runs until `shouldStop` says so (checked at least once per tick), then closes everything.
    /// A store failure ends the loop with the error: a node that cannot persist must not go on.
    public func run(shouldStop: () -> Bool) throws {
        defer { close() }
        var nextTickAt = ContinuousClock.now.advanced(by: tickDuration)
        while !shouldStop() {
            // A drill's pause: the loop stands still, as a frozen process would, checking only
            // whether to stop; the tick logic below then resumes from now.
            if faults.pausedUntil != nil {
                Thread.sleep(forTimeInterval: Double(Self.pauseStepMs) / 1_000)
                continue
            }
            // A turn: a due tick, every peer frame ready (up to the poll's bound) and client
            // requests (up to `maxRequestsPerTurn`) are stepped into the core, then carried out
            // together: one fsync and one apply transaction for all of them.
            try driver.turn {
                let now = ContinuousClock.now
                let ticked = now >= nextTickAt
                if ticked {
                    try driver.tick()
                    nextTickAt = nextTickAt.advanced(by: tickDuration)
                    // After a stall (SIGSTOP, a long fsync) resume from now instead of replaying the
                    // missed ticks in a burst, which would look like an election timeout everywhere.
                    if now.duration(to: nextTickAt) < .zero { nextTickAt = now.advanced(by: tickDuration) }
                    expireRequests()
                    expireFaults()
                    try proposeClockTickIfDue()
                    telemetry.publish(
                        driver.core.status, node: self,
                        readiness: Readiness(commitIndexAtStart: commitIndexAtStart, serving: true))
                }
                // A tick's heartbeats and timeouts go out without waiting for traffic.
                let waitMs = ticked ? 0 : Self.milliseconds(until: nextTickAt)
                for event in try peers.poll(timeoutMs: waitMs) { try handle(event) }
                sender.releaseDelayed()
                try serveClients()
            }
            try settle()
            if let broken = driver.core.brokenInvariant {
                throw NodeStorageError(.corrupt, path: store.path, message: broken)
            }
        }
    }

    private func handle(_ event: PeerEvent) throws {
        switch event {
        case .message(let message):
            if faults.cutsOff(message.from) {
                sender.droppedByDrill += 1
                return
            }
            if let roundTrip = sender.roundTrips.received(message) {
                telemetry.metrics.peerRoundTrip(peer: message.from, latencyMs: NodeTelemetry.milliseconds(roundTrip))
            }
            try driver.receive(message)
        case .connected(let peer):
            telemetry.peerConnected(peer, true)
        case .disconnected(let peer):
            telemetry.peerConnected(peer, false)
            // A crashed peer closes its connections at once: react now rather than after a timeout.
            try driver.perform { core in
                if core.leader == peer { core.leaderConnectionLost() } else { core.peerUnreachable(peer) }
            }
        }
    }

    private func close() {
        // What the storage thread still holds is made durable before the store closes.
        do {
            try driver.finishPersists()
        } catch {
            logger.error("node \(config.id): a persist failed while stopping: \(error)")
        }
        failAllRequests(APIError(.unavailable, "node \(config.id) is shutting down"))
        peers.close()
        clients.close()
        authenticator.stop()
        context.close()
        // A snapshot still reading holds a connection; a bounded wait lets the store close cleanly.
        if !driver.finishSnapshot(timeoutMs: Self.snapshotWaitAtCloseMs) {
            logger.warning("node \(config.id) stops while a snapshot is still being taken")
        }
        try? store.close()
        storeLock.release()
        logger.info("node \(config.id) stopped")
    }

    static let snapshotWaitAtCloseMs = 10_000

    private static func milliseconds(until instant: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: instant)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
