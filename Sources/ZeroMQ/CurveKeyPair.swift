import CZeroMQ

/// A CURVE long-term key pair. The secret half is what authenticates this process: keep it in files
/// only via `save`, which makes it readable by its owner alone.
public struct CurveKeyPair: Sendable, Hashable {
    public let publicKey: CurveKey
    public let secretKey: CurveKey

    /// Refuses a pair whose secret key does not derive its public key, so a mix-up of key files is
    /// found at load time instead of as a silent authentication failure later.
    public init(publicKey: CurveKey, secretKey: CurveKey) throws(CurveKeyError) {
        guard try Self.derivePublicKey(secretKey) == publicKey else { throw .mismatchedPair }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    public init(secretKey: CurveKey) throws(CurveKeyError) {
        publicKey = try Self.derivePublicKey(secretKey)
        self.secretKey = secretKey
    }

    public static func generate() throws(CurveKeyError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else { throw .curveUnavailable }
        return CurveKeyPair(
            trusted: try CurveKey(z85: zmqText(publicText)),
            try CurveKey(z85: zmqText(secretText)))
    }

    private init(trusted publicKey: CurveKey, _ secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    private static func derivePublicKey(_ secretKey: CurveKey) throws(CurveKeyError) -> CurveKey {
        var publicText = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicText, secretKey.z85) == 0 else { throw .curveUnavailable }
        return try CurveKey(z85: zmqText(publicText))
    }
}

extension CurveKeyPair: CustomStringConvertible {
    /// Leaves the secret key out, so logging a pair cannot leak it.
    public var description: String { "CurveKeyPair(public: \(publicKey.z85), secret: <redacted>)" }
}
