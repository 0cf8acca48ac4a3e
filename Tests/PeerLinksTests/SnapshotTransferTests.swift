import Consensus
import Testing
import Wire
import ZeroMQ

@testable import PeerLinks

@Suite struct SnapshotTransferTests {
    /// A snapshot message whose data is `dataBytes` long, with content that differs along its length so
    /// that a misplaced chunk would show.
    static func snapshot(dataBytes: Int, index: LogIndex = 90, from: NodeID = 1, to: NodeID = 2) -> Message {
        let pattern = (0..<(1 << 16)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        var data: [UInt8] = []
        data.reserveCapacity(dataBytes)
        var block: UInt8 = 0
        while data.count < dataBytes {
            data.append(block)
            data.append(contentsOf: pattern.prefix(dataBytes - data.count))
            block &+= 1
        }
        let membership = Membership(voters: [1, 2, 3], learners: [])
        return Message(
            from: from, to: to, term: 4,
            body: .installSnapshot(Snapshot(index: index, term: 4, membership: membership, data: data)))
    }

    /// A peer 2 of node 1 that sends whatever frames a test gives it, under peer 2's key.
    static func nodeWithRawPeer(options: PeerLinksOptions = testOptions()) throws -> (TestNode, RawPeer) {
        let one = try TestNode(id: 1, options: options)
        let twoKeys = try CurveKeyPair.generate()
        try one.links.updatePeers([2: PeerAddress(endpoint: "tcp://127.0.0.1:1", publicKey: twoKeys.publicKey)])
        return (one, try RawPeer(keys: twoKeys, server: one.address))
    }

    /// Far larger than a frame: it arrives in chunks, whole, as one message, and the links hold nothing
    /// afterwards.
    @Test func aFortyMebibyteSnapshotArrivesWholeAsOneMessage() throws {
        let nodes = try startCluster([1, 2])
        let one = try #require(nodes[1]), two = try #require(nodes[2])
        let snapshot = Self.snapshot(dataBytes: 40 << 20)
        #expect(PeerFrame.encode(snapshot).count > testOptions().wire.maxFrameBytes)
        let heartbeat = Message(from: 1, to: 2, term: 4, body: .heartbeat(commit: 90, readRound: 1))
        try one.links.send([heartbeat, snapshot, heartbeat])
        #expect(one.links.droppedFrames.isEmpty)

        let received = try two.collect(withinMs: 30_000) { $0.messages.count >= 3 }.messages
        #expect(received.count == 3)
        #expect(received.first == heartbeat)
        // Compared outside #expect, which would print 40 MiB on a failure.
        let intact = received.dropFirst().first == snapshot
        #expect(intact, "the snapshot arrives intact, in order")
        #expect(received.last == heartbeat)
        #expect(two.links.droppedFrames.isEmpty)
        #expect(two.links.assemblies.isEmpty)
    }

    /// Chunks must follow each other exactly: a missing one discards the transfer (every chunk of it
    /// after the gap is counted), and the next transfer still gets through.
    @Test func aGapOnTheWireIsCountedAndTheTransferDropped() throws {
        let (one, raw) = try Self.nodeWithRawPeer()
        let broken = PeerFrame.encodeChunks(Self.snapshot(dataBytes: 10_000, from: 2, to: 1), chunkBytes: 2048, transferID: 5)
        #expect(broken.count == 5)
        for index in [0, 2, 3] { try raw.send(broken[index]) }
        try one.expectNoMessages()
        #expect(one.links.droppedFrames == ["chunk_gap": 2])
        #expect(one.links.assemblies.isEmpty)

        let whole = Self.snapshot(dataBytes: 10_000, index: 91, from: 2, to: 1)
        for frame in PeerFrame.encodeChunks(whole, chunkBytes: 2048, transferID: 6) { try raw.send(frame) }
        #expect(try one.receiveMessages(1) == [whole])
        #expect(one.links.droppedFrames == ["chunk_gap": 2])
    }

    /// The same, fed to the links' assembler directly: the gap is counted and nothing is held.
    @Test func aGapFedToTheAssemblerIsCountedAndNothingIsHeld() throws {
        let (one, _) = try Self.nodeWithRawPeer()
        let frame = PeerFrame.encode(Self.snapshot(dataBytes: 3_000, from: 2, to: 1))
        let parts = SnapshotAssemblyTests.chunks(of: frame, chunkBytes: 1000, transferID: 1)
        #expect(one.links.assemble(parts[0]) == nil)
        #expect(one.links.assemblies[2]?.bufferedBytes == 1000)
        #expect(one.links.assemble(parts[2]) == nil)
        #expect(one.links.droppedFrames == ["chunk_gap": 1])
        #expect(one.links.assemblies.isEmpty)

        // A removed peer's unfinished transfer is let go with it.
        #expect(one.links.assemble(parts[0]) == nil)
        try one.links.updatePeers([:])
        #expect(one.links.assemblies.isEmpty)
    }

    /// A resent snapshot (a new transfer) replaces the unfinished one; only the new one is delivered.
    @Test func aNewTransferReplacesAnUnfinishedOne() throws {
        let (one, raw) = try Self.nodeWithRawPeer()
        let old = Self.snapshot(dataBytes: 10_000, index: 90, from: 2, to: 1)
        let new = Self.snapshot(dataBytes: 12_000, index: 95, from: 2, to: 1)
        for frame in PeerFrame.encodeChunks(old, chunkBytes: 2048, transferID: 1).prefix(3) { try raw.send(frame) }
        for frame in PeerFrame.encodeChunks(new, chunkBytes: 2048, transferID: 2) { try raw.send(frame) }
        #expect(try one.receiveMessages(1) == [new])
        try one.expectNoMessages()
        #expect(one.links.droppedFrames.isEmpty)
        #expect(one.links.assemblies.isEmpty)
    }

    /// A chunk must pass the checks of a message before anything is held for it, and an assembled
    /// frame must be a snapshot.
    @Test func chunksThatFailTheChecksAreDroppedWithoutBuffering() throws {
        let (one, raw) = try Self.nodeWithRawPeer()
        let snapshot = Self.snapshot(dataBytes: 10_000, from: 2, to: 1)
        // Peer 2's key speaking for node 3, and to node 9.
        var claimed = Self.snapshot(dataBytes: 10_000, from: 3, to: 1)
        try raw.send(PeerFrame.encodeChunks(claimed, chunkBytes: 2048, transferID: 1)[0])
        claimed = Self.snapshot(dataBytes: 10_000, from: 2, to: 9)
        try raw.send(PeerFrame.encodeChunks(claimed, chunkBytes: 2048, transferID: 2)[0])
        // A message that is not a snapshot, cut into chunks to slip past the frame limit.
        let notASnapshot = Message(from: 2, to: 1, term: 4, body: .forwardedProposal([[UInt8](repeating: 1, count: 5000)]))
        for frame in PeerFrame.encodeChunks(notASnapshot, chunkBytes: 2048, transferID: 3) { try raw.send(frame) }
        try one.expectNoMessages()
        #expect(one.links.droppedFrames == ["wrong_sender": 1, "wrong_recipient": 1, "malformed": 1])
        #expect(one.links.assemblies.isEmpty)

        // The same connection's own chunks are held.
        try raw.send(PeerFrame.encodeChunks(snapshot, chunkBytes: 2048, transferID: 4)[0])
        try one.expectNoMessages()
        #expect(one.links.assemblies[2]?.bufferedBytes == 2048)
    }

    /// A connection whose role is not a peer's gets nothing buffered.
    @Test func aChunkWithoutAPeerRoleIsAWrongSender() {
        let frame = PeerFrame.encodeChunks(Self.snapshot(dataBytes: 5_000, from: 2, to: 1), chunkBytes: 1024, transferID: 1)[0]
        for role in [nil, "client", "peer:3"] {
            let result = InboundAdmission.admit(
                ReceivedMessage(frames: [[0], frame], userID: role), selfID: 1, isPeer: { _ in true },
                limits: PeerFrame.Limits())
            if case .failure(let rejection) = result {
                #expect(rejection.reason == .wrongSender)
            } else {
                Issue.record("a chunk from role \(role ?? "none") was admitted")
            }
        }
    }

    /// The send side never waits: a snapshot for a peer that cannot take it stops at the first chunk
    /// refused, counted once, not once per chunk.
    @Test func aSnapshotForAnUnreachablePeerStopsAtTheFirstRefusedChunk() throws {
        let gone = try TestNode(id: 2)
        let deadAddress = try gone.address
        gone.shutDown()
        let one = try TestNode(id: 1, peers: [2: deadAddress])
        try one.links.send([Self.snapshot(dataBytes: 8 << 20)])
        #expect(one.links.droppedFrames == ["queue_full": 1])
    }

    /// Beyond what any receiver would assemble, a snapshot is not sent at all.
    @Test func aSnapshotOverTheAssembledLimitIsDroppedBeforeSending() throws {
        var options = testOptions()
        options.wire.maxAssembledBytes = 1 << 20
        let nodes = try startCluster([1, 2], options: options)
        let one = try #require(nodes[1]), two = try #require(nodes[2])
        let small = Self.snapshot(dataBytes: 1 << 19)
        try one.links.send([Self.snapshot(dataBytes: 2 << 20), small])
        #expect(one.links.droppedFrames == ["oversized": 1])
        #expect(try two.receiveMessages(1) == [small])
    }

    /// Chunks always fit in a frame, and one snapshot needs at most half the send queue while full
    /// frames can carry it.
    @Test func chunkSizesFitFramesAndTheQueue() {
        let defaults = PeerLinksOptions()
        #expect(defaults.snapshotChunkBytes(forFrameBytes: 40 << 20) == 1 << 20)
        let largest = defaults.wire.maxAssembledBytes
        let chunkBytes = defaults.snapshotChunkBytes(forFrameBytes: largest)
        #expect((largest + chunkBytes - 1) / chunkBytes <= defaults.sendQueueMessages / 2)
        #expect(PeerFrame.chunkHeaderBytes + chunkBytes <= defaults.wire.maxFrameBytes)
        // Chunk frames are far under the receive cutoff, so libzmq never cuts a connection for one.
        #expect(defaults.effectiveMaxReceiveBytes >= defaults.wire.maxFrameBytes)

        var small = defaults
        small.wire.maxFrameBytes = 4096
        #expect(small.snapshotChunkBytes(forFrameBytes: largest) == 4096 - PeerFrame.chunkHeaderBytes)
        small.snapshotChunkBytes = 64 << 20
        #expect(small.effectiveSnapshotChunkBytes == 4096 - PeerFrame.chunkHeaderBytes)
        small.wire.maxFrameBytes = 10
        #expect(small.snapshotChunkBytes(forFrameBytes: 100) == 1)
    }
}
