/// Why a frame was dropped instead of delivered or sent; `rawValue` is the stable metrics label.
public enum DropReason: String, Sendable, Hashable, CaseIterable {
    /// Inbound frames the Wire decoder refused, under its own reason labels.
    case malformed, oversized, version
    case unknownType = "unknown_type"
    /// The connection's ZAP role is not "peer:<id>", or the message claims another sender than that id.
    case wrongSender = "wrong_sender"
    /// The message is addressed to another node.
    case wrongRecipient = "wrong_recipient"
    /// The sender or addressee is not (or no longer) one of our peers.
    case unknownPeer = "unknown_peer"
    /// A snapshot chunk that does not continue its sender's transfer where it left off (one before it
    /// was lost, or it names another total): the partial snapshot is discarded; Raft sends it again.
    case chunkGap = "chunk_gap"
    /// Outbound: the peer's send queue is full or it has no completed connection. Raft retransmits,
    /// so dropping is safe where blocking the node would not be.
    case queueFull = "queue_full"

    init?(wireReason: String) {
        self.init(rawValue: wireReason)
    }
}
