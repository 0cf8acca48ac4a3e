/// One multipart message as received, with what the connection's security handshake said about its sender.
public struct ReceivedMessage: Sendable, Equatable {
    /// On a ROUTER the first frame is the sender's routing id, added by libzmq.
    public var frames: [[UInt8]]
    /// The "User-Id" the ZAP handler returned for the connection it arrived on (for example "peer:3"
    /// or "admin"); nil on connections that were not authenticated through ZAP (inproc, NULL security).
    public var userID: String?

    public init(frames: [[UInt8]], userID: String? = nil) {
        self.frames = frames
        self.userID = userID
    }
}
