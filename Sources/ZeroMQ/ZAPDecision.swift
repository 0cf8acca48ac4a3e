/// What the ZAP handler decided about one connection attempt, for counting and logging.
public struct ZAPDecision: Sendable, Equatable {
    public let domain: String
    /// The peer's IP address as libzmq reports it.
    public let address: String
    public let mechanism: String
    /// nil when the mechanism was not CURVE.
    public let publicKey: CurveKey?
    /// The role returned as User-Id; nil when the connection was refused.
    public let userID: String?

    public var admitted: Bool { userID != nil }
}

public struct ZAPStatistics: Sendable, Equatable {
    public var admitted: Int
    public var refused: Int

    public init(admitted: Int, refused: Int) {
        self.admitted = admitted
        self.refused = refused
    }
}
