import ZeroMQ

/// Where a peer listens and the key it must prove, so that we talk only to the real peer.
/// A struct (not a tuple) so that `updatePeers` can tell which peers changed.
public struct PeerAddress: Sendable, Hashable {
    /// A libzmq endpoint such as "tcp://10.0.0.2:7100".
    public var endpoint: String
    /// The peer's CURVE public key: it authenticates the peer to us, and ours to it.
    public var publicKey: CurveKey

    public init(endpoint: String, publicKey: CurveKey) {
        self.endpoint = endpoint
        self.publicKey = publicKey
    }
}
