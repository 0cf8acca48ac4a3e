import Consensus
import Logging
import NodeRuntime
import PeerLinks

/// Hands the driver's outgoing messages to the peer links. A failed send is logged, never thrown
/// into the driver: Raft retransmits, and the links only fail when the node is shutting down.
/// A drill's faults apply here: messages to a peer cut off are dropped, and with an added delay
/// they wait in a bounded queue that the loop releases each turn.
final class PeerSender: MessageSender {
    let links: PeerLinks
    let logger: Logger
    let faults: DrillFaults
    var roundTrips = RoundTrips()
    /// Messages a drill's blackout or partition dropped, both ways.
    var droppedByDrill: UInt64 = 0
    private var delayed: [(releaseAt: ContinuousClock.Instant, message: Message)] = []
    /// A delay that outlasts the traffic it holds drops the oldest beyond this.
    static let maxDelayedMessages = 10_000

    init(links: PeerLinks, logger: Logger, faults: DrillFaults) {
        self.links = links
        self.logger = logger
        self.faults = faults
    }

    func send(_ messages: [Message]) {
        let now = ContinuousClock.now
        let passing = messages.filter { !faults.cutsOff($0.to, now: now) }
        droppedByDrill += UInt64(messages.count - passing.count)
        let delayMs = faults.peerDelayMs(now: now)
        guard delayMs == 0 else {
            delayed += passing.map { (now + .milliseconds(delayMs), $0) }
            if delayed.count > Self.maxDelayedMessages {
                droppedByDrill += UInt64(delayed.count - Self.maxDelayedMessages)
                delayed.removeFirst(delayed.count - Self.maxDelayedMessages)
            }
            return
        }
        transmit(passing)
    }

    /// Sends the delayed messages whose time has come, in the order they were given.
    func releaseDelayed(now: ContinuousClock.Instant = .now) {
        guard let first = delayed.first, first.releaseAt <= now else { return }
        let due = delayed.prefix { $0.releaseAt <= now }
        delayed.removeFirst(due.count)
        transmit(due.map(\.message).filter { !faults.cutsOff($0.to, now: now) })
    }

    private func transmit(_ messages: [Message]) {
        guard !messages.isEmpty else { return }
        roundTrips.sending(messages)
        do {
            try links.send(messages)
        } catch {
            logger.warning("peer links refused \(messages.count) messages: \(error)")
        }
    }
}
