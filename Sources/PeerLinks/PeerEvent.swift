import Consensus

/// What `PeerLinks.poll` reports: messages for the core, and link changes the shell turns into
/// `leaderConnectionLost()` / `peerUnreachable(_:)` so that a crashed peer is noticed at once.
public enum PeerEvent: Sendable, Equatable {
    /// An admitted Raft message, already checked to come from the peer it names and to be for us.
    case message(Message)
    /// Our outbound link to this peer completed its CURVE handshake (the peer admitted our key).
    case connected(NodeID)
    /// Our outbound link to this peer closed (process gone, or heartbeats timed out); libzmq keeps
    /// reconnecting and reports `.connected` again when it succeeds.
    case disconnected(NodeID)
}
