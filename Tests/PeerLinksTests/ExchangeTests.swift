import Consensus
import Testing

@testable import PeerLinks

@Suite struct ExchangeTests {
    /// Every pair of three nodes, both ways: each node gets exactly what each other node sent it, in
    /// the order that node sent it, and reports both links connected first.
    @Test func threeNodesExchangeEveryKindOfMessageBothWays() throws {
        let nodes = try startCluster([1, 2, 3])
        for node in nodes.values {
            for peer in nodes.keys where peer != node.id {
                try node.links.send(everyKindOfMessage(from: node.id, to: peer))
            }
        }
        let perSender = everyKindOfMessage(from: 0, to: 0).count
        for node in nodes.values {
            #expect(node.links.connectedPeers == Set(nodes.keys).subtracting([node.id]))
            let received = try node.receiveMessages(2 * perSender)
            #expect(received.count == 2 * perSender)
            for peer in nodes.keys where peer != node.id {
                #expect(received.filter { $0.from == peer } == everyKindOfMessage(from: peer, to: node.id))
            }
            #expect(node.links.droppedFrames.isEmpty)
            #expect(node.logLines.all.isEmpty)
        }
    }

    /// Sending never waits: to a peer that does not exist, every message is dropped and counted at once.
    @Test func sendingToADeadPeerDropsAndCountsWithoutBlocking() throws {
        // A port that was just ours and is now closed: nothing listens there.
        let gone = try TestNode(id: 2)
        let deadAddress = try gone.address
        gone.shutDown()

        let node = try TestNode(id: 1, peers: [2: deadAddress])
        let count = 20_000
        let batch = (0..<count).map { _ in Message(from: 1, to: 2, term: 1, body: .timeoutNow) }
        let elapsed = try ContinuousClock().measure {
            try node.links.send(batch)
            try node.links.send([Message(from: 1, to: 99, term: 1, body: .timeoutNow)])
        }
        // A send that waited even 1 ms per message would take 20 s: this bound only proves it never waits.
        #expect(elapsed < .seconds(10))
        let queueFull = node.links.droppedFrames["queue_full"] ?? 0
        // At most one queue's worth may be taken; with no connection, none is.
        #expect(queueFull >= UInt64(count - testOptions().sendQueueMessages))
        #expect(node.links.droppedFrames["unknown_peer"] == 1)
        // Rate-limited: one line per reason however many drops.
        #expect(node.logLines.all.count == 2)
        #expect(node.links.connectedPeers.isEmpty)
    }

    /// A frame the peer would refuse is not sent at all: counted here, and the link stays up.
    @Test func aMessageTooLargeForPeersIsDroppedBeforeSending() throws {
        var options = testOptions()
        options.wire.maxFrameBytes = 1024
        let nodes = try startCluster([1, 2], options: options)
        let one = try #require(nodes[1]), two = try #require(nodes[2])
        let big = Message(from: 1, to: 2, term: 1, body: .forwardedProposal([[UInt8](repeating: 0, count: 2048)]))
        let small = Message(from: 1, to: 2, term: 1, body: .timeoutNow)
        try one.links.send([big, small])
        #expect(one.links.droppedFrames == ["oversized": 1])
        #expect(try two.receiveMessages(1) == [small])
        #expect(two.links.droppedFrames.isEmpty)
    }

    /// A removed peer's link closes; a re-added one connects again.
    @Test func updatePeersClosesRemovedLinksAndOpensNewOnes() throws {
        let nodes = try startCluster([1, 2])
        let one = try #require(nodes[1]), two = try #require(nodes[2])
        try one.links.updatePeers([:])
        #expect(one.links.connectedPeers.isEmpty)
        try one.links.send([Message(from: 1, to: 2, term: 1, body: .timeoutNow)])
        #expect(one.links.droppedFrames["unknown_peer"] == 1)
        // Two's connection was admitted before the change; what it sends now is dropped all the same.
        try two.links.send([Message(from: 2, to: 1, term: 1, body: .timeoutNow)])
        try one.expectNoMessages()

        try one.links.updatePeers([2: two.address])
        try one.awaitConnected(to: [2])
        try one.links.send([Message(from: 1, to: 2, term: 5, body: .timeoutNow)])
        #expect(try two.receiveMessages(1) == [Message(from: 1, to: 2, term: 5, body: .timeoutNow)])
    }
}
