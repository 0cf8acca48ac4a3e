import Consensus
import Logging
import NodeRuntime
import PeerLinks

/// Hands the driver's outgoing messages to the peer links. A failed send is logged, never thrown
/// into the driver: Raft retransmits, and the links only fail when the node is shutting down.
final class PeerSender: MessageSender {
    let links: PeerLinks
    let logger: Logger
    var roundTrips = RoundTrips()

    init(links: PeerLinks, logger: Logger) {
        self.links = links
        self.logger = logger
    }

    func send(_ messages: [Message]) {
        roundTrips.sending(messages)
        do {
            try links.send(messages)
        } catch {
            logger.warning("peer links refused \(messages.count) messages: \(error)")
        }
    }
}
