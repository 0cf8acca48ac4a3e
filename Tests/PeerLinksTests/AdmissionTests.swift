import Consensus
import Testing
import Wire
import ZeroMQ

@testable import PeerLinks

@Suite struct AdmissionTests {
    static let frameLimitBytes = 4096

    /// Frames from an admitted peer's key that fail a check are each dropped and counted under their
    /// reason, logged once per reason, and the peer's link keeps working afterwards.
    @Test func badFramesFromAnAdmittedPeerAreCountedByReasonAndTheLinkStillWorks() throws {
        var options = testOptions()
        options.wire.maxFrameBytes = Self.frameLimitBytes
        let one = try TestNode(id: 1, options: options)
        let two = try TestNode(id: 2, options: options)
        try one.links.updatePeers([2: two.address])
        try two.links.updatePeers([1: one.address])
        try two.awaitConnected(to: [1])
        // The same key as node 2, so it is admitted as "peer:2", but free to send anything.
        let raw = try RawPeer(keys: two.keys, server: one.address)

        func frame(from: NodeID = 2, to: NodeID = 1) -> [UInt8] {
            PeerFrame.encode(Message(from: from, to: to, term: 1, body: .timeoutNow))
        }
        let valid = frame()
        try raw.send(frame(from: 3))  // speaks for node 3
        try raw.send(frame(to: 9))  // for another node
        try raw.send([UInt8](valid.prefix(5)))  // cut short
        try raw.send(valid + [0])  // trailing garbage
        try raw.send(valid, [1])  // two parts
        try raw.send([9] + valid.dropFirst())  // a version we do not speak
        try raw.send([valid[0], 200] + valid.dropFirst(2))  // an unknown frame type
        try raw.send(valid + [UInt8](repeating: 0, count: Self.frameLimitBytes))  // over the limit, under the cutoff
        try raw.send(valid)
        let expected = Message(from: 2, to: 1, term: 1, body: .timeoutNow)
        #expect(try one.receiveMessages(1) == [expected])

        #expect(one.links.droppedFrames == [
            "wrong_sender": 1, "wrong_recipient": 1, "malformed": 3, "version": 1, "unknown_type": 1,
            "oversized": 1,
        ])
        // One line per reason, though "malformed" happened three times.
        #expect(one.logLines.all.count == 6)
        #expect(one.logLines.all.filter { $0.contains("(malformed)") }.count == 1)

        try two.links.send([Message(from: 2, to: 1, term: 7, body: .heartbeatResponse(readRound: 1))])
        #expect(try one.receiveMessages(1) == [Message(from: 2, to: 1, term: 7, body: .heartbeatResponse(readRound: 1))])
    }

    /// A frame past the receive cutoff is never buffered: libzmq cuts that connection, the sender
    /// reconnects by itself, and its later frames arrive.
    @Test func aFramePastTheCutoffCostsOnlyThatConnection() throws {
        var options = testOptions()
        options.wire.maxFrameBytes = Self.frameLimitBytes
        let one = try TestNode(id: 1, options: options)
        let twoKeys = try CurveKeyPair.generate()
        try one.links.updatePeers([2: PeerAddress(endpoint: "tcp://127.0.0.1:1", publicKey: twoKeys.publicKey)])
        let raw = try RawPeer(keys: twoKeys, server: one.address)
        let valid = PeerFrame.encode(Message(from: 2, to: 1, term: 1, body: .timeoutNow))
        try raw.send(valid)
        #expect(try one.receiveMessages(1).count == 1)

        try raw.send([UInt8](repeating: 1, count: 3 * Self.frameLimitBytes))
        // Sent until one arrives: those sent before libzmq noticed the cut are lost with the connection.
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Bounds.deliveryMs))
        var arrived: [Message] = []
        while arrived.isEmpty, ContinuousClock.now < deadline {
            _ = try raw.socket.trySend([valid])
            arrived = try one.links.poll(timeoutMs: 50).messages
        }
        #expect(arrived.first == Message(from: 2, to: 1, term: 1, body: .timeoutNow))
        #expect(one.links.droppedFrames.isEmpty)
    }

    /// A key the node never admitted gets no frame through and no link, though it knows the node's
    /// public key and claims a peer's id.
    @Test func aPeerWithAnUnknownKeyGetsNothingThrough() throws {
        let one = try TestNode(id: 1)
        let realTwo = try CurveKeyPair.generate()
        try one.links.updatePeers([2: PeerAddress(endpoint: "tcp://127.0.0.1:1", publicKey: realTwo.publicKey)])
        let impostor = try TestNode(id: 2, peers: [1: one.address])

        let raw = try RawPeer(keys: try CurveKeyPair.generate(), server: one.address)
        _ = try raw.socket.trySend([PeerFrame.encode(Message(from: 2, to: 1, term: 1, body: .timeoutNow))])
        try impostor.links.send([Message(from: 2, to: 1, term: 1, body: .timeoutNow)])

        // Both were refused by the ZAP handler at least once.
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Bounds.deliveryMs))
        while one.authenticator.statistics.refused < 2, ContinuousClock.now < deadline {
            #expect(try one.links.poll(timeoutMs: 20).messages.isEmpty)
        }
        #expect(one.authenticator.statistics.refused >= 2)
        #expect(one.authenticator.statistics.admitted == 0)
        try one.expectNoMessages()
        #expect(one.links.droppedFrames.isEmpty)
        #expect(try impostor.links.poll(timeoutMs: 0).isEmpty)
        #expect(impostor.links.connectedPeers.isEmpty)
    }

    @Test func onlyPeerRolesNameASender() {
        #expect(InboundAdmission.peerID(fromRole: "peer:3") == 3)
        #expect(InboundAdmission.peerID(fromRole: "peer:0") == nil)
        #expect(InboundAdmission.peerID(fromRole: "peer:") == nil)
        #expect(InboundAdmission.peerID(fromRole: "peer:3x") == nil)
        #expect(InboundAdmission.peerID(fromRole: "admin") == nil)
        #expect(InboundAdmission.peerID(fromRole: nil) == nil)
    }

    @Test func aFrameWithoutAPeerRoleIsAWrongSender() {
        let frame = PeerFrame.encode(Message(from: 2, to: 1, term: 1, body: .timeoutNow))
        for role in [nil, "admin", "client"] {
            let result = InboundAdmission.admit(
                ReceivedMessage(frames: [[0], frame], userID: role), selfID: 1, isPeer: { _ in true },
                limits: PeerFrame.Limits())
            #expect(throws: InboundAdmission.Rejection.self) { try result.get() }
            if case .failure(let rejection) = result { #expect(rejection.reason == .wrongSender) }
        }
    }
}
