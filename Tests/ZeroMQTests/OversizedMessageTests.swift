import Testing
import ZeroMQ

@Suite struct OversizedMessageTests {
    /// libzmq checks ZMQ_MAXMSGSIZE while decoding: it drops the sender's connection and the frame is
    /// never delivered. The client reconnects by itself (a fresh CURVE handshake, hence a second ZAP
    /// decision), and a normal message sent after that arrives.
    @Test func oversizedFrameDropsTheConnectionAndReconnectRecovers() throws {
        let peer = try CurveKeyPair.generate()
        let server = try CurveServer(admitted: [peer.publicKey: "peer:1"], maxMessageSizeBytes: 1024)
        let client = try server.connectClient(keys: peer)

        try client.send("small")
        #expect(try server.socket.receive(timeoutMs: Bounds.deliveryMs)?.frames.last == bytes("small"))

        #expect(try client.socket.send([[UInt8](repeating: 7, count: 4096)], timeoutMs: Bounds.deliveryMs))
        try server.waitForDecisions(admitted: 2)

        try client.send("after reconnect")
        let message = try #require(try server.socket.receive(timeoutMs: Bounds.deliveryMs))
        #expect(message.frames.last == bytes("after reconnect"))
        #expect(message.userID == "peer:1")
        try server.expectNothingReceived()
    }

    /// Over CURVE the limit counts the encrypted frame, 33 bytes more than the payload.
    @Test func limitCountsTheEncryptedFrame() throws {
        let payloadLimitBytes = 1024
        let peer = try CurveKeyPair.generate()
        let server = try CurveServer(
            admitted: [peer.publicKey: "peer:1"],
            maxMessageSizeBytes: Int64(payloadLimitBytes) + ZeroMQSocket.curveFrameOverheadBytes)
        let client = try server.connectClient(keys: peer)

        let largest = [UInt8](repeating: 1, count: payloadLimitBytes)
        #expect(try client.socket.send([largest], timeoutMs: Bounds.deliveryMs))
        #expect(try server.socket.receive(timeoutMs: Bounds.deliveryMs)?.frames.last == largest)

        #expect(try client.socket.send([largest + [2]], timeoutMs: Bounds.deliveryMs))
        try server.waitForDecisions(admitted: 2)
        try server.expectNothingReceived()
    }
}
