import CZeroMQ

extension ZeroMQSocket {
    /// Makes this socket a CURVE server; call before `bind`. Every connecting client is then put to the
    /// context's ZAP handler (see `ZAPAuthenticator`) under `zapDomain`.
    ///
    /// Also sets ZMQ_ZAP_ENFORCE_DOMAIN: without it, libzmq admits every client that knows the server's
    /// public key whenever no ZAP handler is bound (not started yet, or stopped), which would fail open.
    public func configureCurveServer(secretKey: CurveKey, zapDomain: String) throws(ZeroMQError) {
        guard !zapDomain.isEmpty, zapDomain.utf8.count <= 254 else {
            throw ZeroMQError(operation: "set ZMQ_ZAP_DOMAIN (1 to 254 bytes)", errno: EINVAL)
        }
        try setOption(ZMQ_CURVE_SERVER, int: 1, "ZMQ_CURVE_SERVER")
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.z85.utf8), "ZMQ_CURVE_SECRETKEY")
        try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(zapDomain.utf8), "ZMQ_ZAP_DOMAIN")
        try setOption(zmqZAPEnforceDomain, int: 1, "ZMQ_ZAP_ENFORCE_DOMAIN")
    }

    /// Makes this socket a CURVE client of the server whose public key is given; call before `connect`.
    /// A server that does not hold the matching secret key never completes the handshake.
    public func configureCurveClient(keyPair: CurveKeyPair, serverPublicKey: CurveKey) throws(ZeroMQError) {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: Array(serverPublicKey.z85.utf8), "ZMQ_CURVE_SERVERKEY")
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Array(keyPair.publicKey.z85.utf8), "ZMQ_CURVE_PUBLICKEY")
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(keyPair.secretKey.z85.utf8), "ZMQ_CURVE_SECRETKEY")
    }
}
