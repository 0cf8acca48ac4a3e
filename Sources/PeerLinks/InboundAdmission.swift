import Consensus
import Wire
import ZeroMQ

/// The checks a received frame must pass before the core sees it. Pure, so each rule is plain to read
/// and a bad frame can only ever produce a drop reason, never a crash.
enum InboundAdmission {
    struct Rejection: Error {
        let reason: DropReason
        let detail: String
    }

    /// `received` is as read from the ROUTER: [routing id, frame], with the ZAP role as User-Id.
    static func admit(
        _ received: ReceivedMessage, selfID: NodeID, isPeer: (NodeID) -> Bool, limits: PeerFrame.Limits
    ) -> Result<Message, Rejection> {
        guard received.frames.count == 2 else {
            return .failure(Rejection(reason: .malformed, detail: "\(received.frames.count - 1) parts, expected 1"))
        }
        guard let senderID = peerID(fromRole: received.userID) else {
            return .failure(Rejection(reason: .wrongSender, detail: "role \(received.userID ?? "none") is not a peer"))
        }
        let message: Message
        do throws(WireError) {
            message = try PeerFrame.decode(received.frames[1], limits: limits)
        } catch {
            let reason = DropReason(wireReason: error.reason) ?? .malformed
            return .failure(Rejection(reason: reason, detail: "from peer \(senderID): \(error)"))
        }
        // A peer cannot speak for another: its key proves who it is, the frame only claims it.
        guard message.from == senderID else {
            return .failure(Rejection(reason: .wrongSender, detail: "peer \(senderID) claimed to be \(message.from)"))
        }
        guard message.to == selfID else {
            return .failure(Rejection(reason: .wrongRecipient, detail: "peer \(senderID) sent to \(message.to)"))
        }
        // Connections admitted before a membership change stay up; their messages must not count.
        guard isPeer(senderID) else {
            return .failure(Rejection(reason: .unknownPeer, detail: "node \(senderID) is no longer a peer"))
        }
        return .success(message)
    }

    /// The node id in a ZAP role "peer:<id>"; nil for any other role (a client key, no ZAP at all).
    static func peerID(fromRole role: String?) -> NodeID? {
        guard let role, role.hasPrefix(rolePrefix) else { return nil }
        guard let id = NodeID(role.dropFirst(rolePrefix.count)), id != 0 else { return nil }
        return id
    }

    static func role(of id: NodeID) -> String { "\(rolePrefix)\(id)" }

    private static let rolePrefix = "peer:"
}
