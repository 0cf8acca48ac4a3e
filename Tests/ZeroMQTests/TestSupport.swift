import Testing
import ZeroMQ

/// Generous bounds: every wait in these tests ends by itself, and a passing run never comes near them.
enum Bounds {
    /// Long enough for a CURVE handshake plus a ZAP round trip on a loaded CI machine.
    static let deliveryMs = 3000
    /// How long to watch for something that must not happen.
    static let silenceMs = 400
}

/// A CURVE ROUTER server on loopback whose context runs a ZAP authenticator.
final class CurveServer {
    let context: ZeroMQContext
    let authenticator: ZAPAuthenticator
    let socket: ZeroMQSocket
    let keys: CurveKeyPair
    let endpoint: String
    static let domain = "interflow-test"

    init(
        admitted: [CurveKey: String], type: SocketType = .router, maxMessageSizeBytes: Int64? = nil,
        startAuthenticator: Bool = true
    ) throws {
        context = try ZeroMQContext()
        authenticator = ZAPAuthenticator(context: context, admittedKeys: [Self.domain: admitted])
        if startAuthenticator { try authenticator.start() }
        keys = try CurveKeyPair.generate()
        socket = try ZeroMQSocket(context: context, type: type)
        try socket.configureCurveServer(secretKey: keys.secretKey, zapDomain: Self.domain)
        if let maxMessageSizeBytes { try socket.setMaxMessageSize(bytes: maxMessageSizeBytes) }
        try socket.bind("tcp://127.0.0.1:*")
        endpoint = try socket.lastEndpoint()
    }

    deinit {
        socket.close()
        authenticator.stop()
        context.close()
    }

    /// A DEALER client in a context of its own, as a remote process would have.
    func connectClient(
        keys clientKeys: CurveKeyPair, serverPublicKey: CurveKey? = nil, type: SocketType = .dealer,
        routingID: [UInt8]? = nil
    ) throws -> CurveClient {
        try CurveClient(
            keys: clientKeys, serverPublicKey: serverPublicKey ?? keys.publicKey, endpoint: endpoint,
            type: type, routingID: routingID)
    }

    /// Watches the server socket for `silenceMs` and fails the test if anything arrives.
    func expectNothingReceived(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let received = try socket.receive(timeoutMs: Bounds.silenceMs)
        #expect(received == nil, "the server must not receive this", sourceLocation: sourceLocation)
    }

    /// Polls, in bounded steps, until the authenticator has made `count` decisions of a kind.
    func waitForDecisions(
        admitted: Int? = nil, refused: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Bounds.deliveryMs))
        while clock.now < deadline {
            let statistics = authenticator.statistics
            if statistics.admitted >= admitted ?? 0, statistics.refused >= refused ?? 0 { return }
            // Doubles as the pause between looks, and proves nothing slipped through meanwhile.
            #expect(try socket.receive(timeoutMs: 20) == nil, sourceLocation: sourceLocation)
        }
        let wanted = "\(admitted ?? 0) admitted, \(refused ?? 0) refused"
        Issue.record("ZAP decisions never reached \(wanted): \(authenticator.statistics)", sourceLocation: sourceLocation)
    }
}

final class CurveClient {
    let context: ZeroMQContext
    let socket: ZeroMQSocket

    init(
        keys: CurveKeyPair, serverPublicKey: CurveKey, endpoint: String, type: SocketType, routingID: [UInt8]?
    ) throws {
        context = try ZeroMQContext()
        socket = try ZeroMQSocket(context: context, type: type)
        if let routingID { try socket.setRoutingID(routingID) }
        try socket.configureCurveClient(keyPair: keys, serverPublicKey: serverPublicKey)
        try socket.setReconnectInterval(intervalMs: 10, maxIntervalMs: 100)
        try socket.connect(endpoint)
    }

    deinit {
        socket.close()
        context.close()
    }

    func send(_ text: String) throws {
        #expect(try socket.send([Array(text.utf8)], timeoutMs: Bounds.deliveryMs))
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
