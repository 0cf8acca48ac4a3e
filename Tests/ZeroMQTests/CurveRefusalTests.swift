import Testing
import ZeroMQ

@Suite struct CurveRefusalTests {
    @Test func unknownKeyGetsNoAnswerAndIsNeverDelivered() throws {
        let knownKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [knownKeys.publicKey: "peer:1"])
        let stranger = try server.connectClient(keys: try CurveKeyPair.generate())

        // Queued locally: a DEALER cannot tell that the server will never take it.
        try stranger.send("let me in")
        try server.waitForDecisions(refused: 1)
        try server.expectNothingReceived()
        #expect(try stranger.socket.receive(timeoutMs: Bounds.silenceMs) == nil)
        #expect(server.authenticator.statistics.admitted == 0)
    }

    /// A key admitted for one socket's domain (a client's, say) cannot complete a handshake on a
    /// socket of another domain (the peers') in the same context.
    @Test func aKeyIsAdmittedOnlyOnItsOwnDomain() throws {
        let clientKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [:])
        server.authenticator.admit(clientKeys.publicKey, as: "client", inDomain: "interflow-clients")
        let client = try server.connectClient(keys: clientKeys)

        try client.send("let me in")
        try server.waitForDecisions(refused: 1)
        try server.expectNothingReceived()
        #expect(server.authenticator.statistics.admitted == 0)
    }

    @Test func wrongServerKeyGetsNothingAndNeverReachesZAP() throws {
        let clientKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [clientKeys.publicKey: "client"])
        let impostorServerKey = try CurveKeyPair.generate().publicKey
        let client = try server.connectClient(keys: clientKeys, serverPublicKey: impostorServerKey)

        try client.send("hello")
        try server.expectNothingReceived()
        #expect(try client.socket.receive(timeoutMs: Bounds.silenceMs) == nil)
        // The server cannot even open the client's HELLO, so the handshake dies before ZAP.
        #expect(server.authenticator.statistics == ZAPStatistics(admitted: 0, refused: 0))
    }

    @Test func replacingAdmittedKeysAppliesToNewConnections() throws {
        let oldPeer = try CurveKeyPair.generate()
        let newPeer = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [oldPeer.publicKey: "peer:1"])

        let oldConnection = try server.connectClient(keys: oldPeer)
        try oldConnection.send("before")
        #expect(try server.socket.receive(timeoutMs: Bounds.deliveryMs)?.userID == "peer:1")

        server.authenticator.replaceAdmittedKeys([newPeer.publicKey: "peer:2"], inDomain: CurveServer.domain)
        #expect(server.authenticator.admittedKeys(inDomain: CurveServer.domain) == [newPeer.publicKey: "peer:2"])

        let newConnection = try server.connectClient(keys: newPeer)
        try newConnection.send("joined")
        let joined = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(joined.frames.last == bytes("joined"))
        #expect(joined.userID == "peer:2")

        let removedPeerReconnecting = try server.connectClient(keys: oldPeer)
        try removedPeerReconnecting.send("still here?")
        try server.waitForDecisions(refused: 1)
        try server.expectNothingReceived()

        // What libzmq does: ZAP runs once per handshake, so a connection admitted before the change
        // stays up and keeps its User-Id. Dropping it takes closing or re-binding the server socket.
        try oldConnection.send("after")
        let stale = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(stale.frames.last == bytes("after"))
        #expect(stale.userID == "peer:1")
    }

    @Test func admitAndRevokeSingleKeys() throws {
        let peer = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [:])
        server.authenticator.admit(peer.publicKey, as: "admin", inDomain: CurveServer.domain)
        let admin = try server.connectClient(keys: peer)
        try admin.send("drain center 4")
        #expect(try server.socket.receive(timeoutMs: Bounds.deliveryMs)?.userID == "admin")

        server.authenticator.revoke(peer.publicKey, inDomain: CurveServer.domain)
        #expect(server.authenticator.admittedKeys(inDomain: CurveServer.domain).isEmpty)
        let again = try server.connectClient(keys: peer)
        try again.send("drain center 5")
        try server.waitForDecisions(refused: 1)
        try server.expectNothingReceived()
    }

    /// Without ZMQ_ZAP_ENFORCE_DOMAIN, libzmq 4.3 admits any client that knows the server's public key
    /// whenever no ZAP handler is bound; `configureCurveServer` sets it, so this fails closed.
    @Test func serverWithoutRunningAuthenticatorRefusesEveryone() throws {
        let peer = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [peer.publicKey: "peer:1"], startAuthenticator: false)
        let client = try server.connectClient(keys: peer)
        try client.send("anyone home?")
        try server.expectNothingReceived()

        // Once the handler runs, the client's next reconnect is admitted and its queued message arrives.
        try server.authenticator.start()
        let late = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(late.frames.last == bytes("anyone home?"))
        #expect(late.userID == "peer:1")
    }

    @Test func stoppedAuthenticatorRefusesNewConnections() throws {
        let peer = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [peer.publicKey: "peer:1"])
        #expect(server.authenticator.stop(timeoutMs: Bounds.deliveryMs))
        #expect(!server.authenticator.isRunning)
        let client = try server.connectClient(keys: peer)
        try client.send("hello")
        try server.expectNothingReceived()
        #expect(server.authenticator.statistics == ZAPStatistics(admitted: 0, refused: 0))
    }

    @Test func secondAuthenticatorOnOneContextIsRejected() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let first = ZAPAuthenticator(context: context)
        try first.start()
        defer { first.stop() }
        let second = ZAPAuthenticator(context: context)
        #expect(throws: ZeroMQError.self) { try second.start() }
        #expect(!second.isRunning)
    }
}
