import Testing
import ZeroMQ

@Suite struct CurveRoundTripTests {
    @Test func dealerRouterRoundTripCarriesTheRoleAsUserID() throws {
        let peerKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [peerKeys.publicKey: "peer:3"])
        let client = try server.connectClient(keys: peerKeys, routingID: bytes("node-3"))

        try client.send("hello")
        let request = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(request.frames == [bytes("node-3"), bytes("hello")])
        #expect(request.userID == "peer:3")

        #expect(try server.socket.send([request.frames[0], bytes("world")], timeoutMs: Bounds.deliveryMs))
        let reply = try #require(try client.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(reply.frames == [bytes("world")])
        // The client side does no ZAP, so the server's messages carry no User-Id.
        #expect(reply.userID == nil)
        #expect(server.authenticator.statistics == ZAPStatistics(admitted: 1, refused: 0))
    }

    @Test func reqClientToRouterKeepsTheEnvelope() throws {
        let clientKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [clientKeys.publicKey: "client"])
        let client = try server.connectClient(keys: clientKeys, type: .req)

        try client.send(#"{"op":"status"}"#)
        let request = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(request.frames.count == 3)
        #expect(request.frames[1] == [])
        #expect(request.frames[2] == bytes(#"{"op":"status"}"#))
        #expect(request.userID == "client")

        let envelope = Array(request.frames.prefix(2))
        #expect(try server.socket.send(envelope + [bytes(#"{"ok":true}"#)], timeoutMs: Bounds.deliveryMs))
        let reply = try #require(try client.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(reply.frames == [bytes(#"{"ok":true}"#)])
    }

    @Test func multipartFramesIncludingEmptyAndLargeOnesArriveIntact() throws {
        let peerKeys = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [peerKeys.publicKey: "peer:1"])
        let client = try server.connectClient(keys: peerKeys)
        let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(try client.socket.send([[], bytes("v1"), large, [0]], timeoutMs: Bounds.deliveryMs))
        let message = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(Array(message.frames.dropFirst()) == [[], bytes("v1"), large, [0]])
    }
}
