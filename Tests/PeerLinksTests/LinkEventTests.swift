import Consensus
import Testing
import ZeroMQ

@testable import PeerLinks

@Suite struct LinkEventTests {
    /// A crashed node's connections close at once, so the others hear of it well inside an election
    /// timeout; when it comes back on the same endpoint and key, the links reconnect and carry traffic.
    @Test func closingANodeIsReportedAtOnceAndARestartReconnects() throws {
        var nodes = try startCluster([1, 2, 3])
        let three = try #require(nodes[3])
        let threeAddress = try three.address
        let threeKeys = three.keys
        let everyone = try nodes.mapValues { try $0.address }

        let crashedAt = ContinuousClock.now
        three.shutDown()
        for id: NodeID in [1, 2] {
            let node = try #require(nodes[id])
            try node.collect(withinMs: 5000) { $0.contains(.disconnected(3)) }
            #expect(!node.links.connectedPeers.contains(3))
        }
        // Generous for a loaded CI machine; the monitor usually reports within milliseconds.
        #expect(ContinuousClock.now - crashedAt < .seconds(5))
        // While it is down, messages for it are dropped, not queued. libzmq retires the old connection's
        // queue a moment after reporting the disconnect, so the first sends may still go into it (and
        // are lost with it); within a bounded time sends are refused and counted.
        let one = try #require(nodes[1])
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Bounds.deliveryMs))
        while one.links.droppedFrames["queue_full"] == nil, ContinuousClock.now < deadline {
            try one.links.send([Message(from: 1, to: 3, term: 2, body: .timeoutNow)])
            one.backlog += try one.links.poll(timeoutMs: 10)
        }
        #expect(one.links.droppedFrames["queue_full"] ?? 0 >= 1)

        let restarted = try TestNode(id: 3, keys: threeKeys, endpoint: threeAddress.endpoint, peers: everyone)
        nodes[3] = restarted
        try restarted.awaitConnected(to: [1, 2])
        for id: NodeID in [1, 2] { try #require(nodes[id]).awaitConnected(to: [3]) }

        try restarted.links.send([1, 2].map { Message(from: 3, to: $0, term: 3, body: .voteResponse(granted: true)) })
        try one.links.send([Message(from: 1, to: 3, term: 3, body: .heartbeat(commit: 1, readRound: 2))])
        for id: NodeID in [1, 2] {
            #expect(try #require(nodes[id]).receiveMessages(1) == [Message(from: 3, to: id, term: 3, body: .voteResponse(granted: true))])
        }
        #expect(try restarted.receiveMessages(1) == [Message(from: 1, to: 3, term: 3, body: .heartbeat(commit: 1, readRound: 2))])
    }

    /// Rate limiting is by reason and by time: the first line of a reason goes out, later ones within
    /// the interval are held back and counted in the next line that goes out.
    @Test func logLinesAreRateLimitedPerReason() {
        let lines = LogLines()
        var log = RateLimitedLog(intervalMs: 1000, sink: { lines.append($0) })
        let start = ContinuousClock.now
        log.log("malformed", at: start, "a")
        log.log("malformed", at: start.advanced(by: .milliseconds(10)), "b")
        log.log("malformed", at: start.advanced(by: .milliseconds(999)), "c")
        log.log("oversized", at: start.advanced(by: .milliseconds(20)), "d")
        log.log("malformed", at: start.advanced(by: .milliseconds(1000)), "e")
        #expect(lines.all == ["a", "d", "e (2 more since the last report)"])
    }
}
