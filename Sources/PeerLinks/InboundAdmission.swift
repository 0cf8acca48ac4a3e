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
    /// A snapshot chunk passes the same sender, recipient and peer checks as a message, so that nothing
    /// is buffered for a connection that could not deliver a message either.
    static func admit(
        _ received: ReceivedMessage, selfID: NodeID, isPeer: (NodeID) -> Bool, limits: PeerFrame.Limits
    ) -> Result<PeerFrame.Decoded, Rejection> {
        guard received.frames.count == 2 else {
            return .failure(Rejection(reason: .malformed, detail: "\(received.frames.count - 1) parts, expected 1"))
        }
        guard let senderID = peerID(fromRole: received.userID) else {
            return .failure(Rejection(reason: .wrongSender, detail: "role \(received.userID ?? "none") is not a peer"))
        }
        let decoded: PeerFrame.Decoded
        do throws(WireError) {
            decoded = try PeerFrame.decodeAny(received.frames[1], limits: limits)
        } catch {
            return .failure(rejection(error, from: senderID))
        }
        let (from, to) =
            switch decoded {
            case .message(let message): (message.from, message.to)
            case .chunk(let chunk): (chunk.from, chunk.to)
            }
        if let rejection = check(from: from, to: to, senderID: senderID, selfID: selfID, isPeer: isPeer) {
            return .failure(rejection)
        }
        return .success(decoded)
    }

    /// A frame joined from the chunks that `senderID` sent: it must be an installSnapshot (the one kind
    /// sent in chunks, so chunks cannot carry other messages past `maxFrameBytes`) that passes the
    /// checks of a single frame.
    static func admitAssembled(
        _ frame: [UInt8], senderID: NodeID, selfID: NodeID, isPeer: (NodeID) -> Bool, limits: PeerFrame.Limits
    ) -> Result<Message, Rejection> {
        let message: Message
        do throws(WireError) {
            message = try PeerFrame.decodeAssembled(frame, limits: limits)
        } catch {
            return .failure(rejection(error, from: senderID))
        }
        guard case .installSnapshot = message.body else {
            return .failure(Rejection(reason: .malformed, detail: "peer \(senderID) sent a non-snapshot in chunks"))
        }
        if let rejection = check(from: message.from, to: message.to, senderID: senderID, selfID: selfID, isPeer: isPeer) {
            return .failure(rejection)
        }
        return .success(message)
    }

    private static func check(
        from: NodeID, to: NodeID, senderID: NodeID, selfID: NodeID, isPeer: (NodeID) -> Bool
    ) -> Rejection? {
        // A peer cannot speak for another: its key proves who it is, the frame only claims it.
        guard from == senderID else {
            return Rejection(reason: .wrongSender, detail: "peer \(senderID) claimed to be \(from)")
        }
        guard to == selfID else {
            return Rejection(reason: .wrongRecipient, detail: "peer \(senderID) sent to \(to)")
        }
        // Connections admitted before a membership change stay up; their messages must not count.
        guard isPeer(senderID) else {
            return Rejection(reason: .unknownPeer, detail: "node \(senderID) is no longer a peer")
        }
        return nil
    }

    private static func rejection(_ error: WireError, from senderID: NodeID) -> Rejection {
        Rejection(reason: DropReason(wireReason: error.reason) ?? .malformed, detail: "from peer \(senderID): \(error)")
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
