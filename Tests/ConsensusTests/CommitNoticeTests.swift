import Consensus
import Testing

/// A leader may defer telling followers of a new commit index to a notice every few ticks (like
/// hashicorp/raft's CommitTimeout): a write then costs each follower one append and one answer
/// instead of two of each, and followers apply in batches.
@Suite("Deferred commit notice")
struct CommitNoticeTests {
    static let voters: [NodeID] = [1, 2, 3]

    /// Three voters, node 1 leading, every follower knowing the no-op is committed.
    static func cluster(commitNoticeTicks: Int) throws -> PaperNetwork {
        var network = PaperNetwork(
            try voters.map { id in
                try PaperPeer(
                    Paper.configuration(id) {
                        $0.commitNoticeTicks = commitNoticeTicks
                        // Far from the notice tick, so that a heartbeat cannot be what tells them.
                        $0.heartbeatIntervalTicks = 9
                    }, durable: .bootstrap(voters: voters))
            })
        try network.elect(1)
        try network.heartbeat(from: 1)
        for id in voters { try #require(network[id].node.commitIndex == 2) }
        return network
    }

    /// Proposes one command on node 1 and delivers until quiet; returns the messages delivered.
    static func write(_ value: UInt8, _ network: inout PaperNetwork) throws -> Int {
        var leader = network[1]
        let expected = ProposalOutcome.appended(index: leader.node.lastIndex + 1, term: leader.node.term)
        try #require(leader.node.propose([value]) == expected)
        network[1] = leader
        let before = network.delivered
        try network.run()
        return network.delivered - before
    }

    @Test("at once (0): the commit index goes out as soon as it moves, at two more messages per follower")
    func immediateNotice() throws {
        var network = try Self.cluster(commitNoticeTicks: 0)
        #expect(try Self.write(42, &network) == 8)
        for id in Self.voters { #expect(network[id].node.commitIndex == 3, "node \(id)") }
    }

    @Test("deferred: appends leave the commit index out, and the notice tick tells every follower at once")
    func deferredNotice() throws {
        var network = try Self.cluster(commitNoticeTicks: 2)
        #expect(try Self.write(42, &network) == 4)
        #expect(network[1].node.commitIndex == 3)
        for id: NodeID in [2, 3] { #expect(network[id].node.commitIndex == 2, "node \(id) was told at once") }

        #expect(try Self.write(43, &network) == 4)
        #expect(network[1].node.commitIndex == 4)
        for id: NodeID in [2, 3] { #expect(network[id].node.commitIndex == 2, "node \(id) was told by an append") }

        var leader = network[1]
        leader.tick(2)
        network[1] = leader
        try network.run()
        for id: NodeID in [2, 3] {
            #expect(network[id].node.commitIndex == 4, "node \(id) missed the notice")
            #expect(network[id].applied == network[1].applied, "node \(id)")
        }
        // Nothing is left to tell: the next notice ticks send nothing.
        let before = network.delivered
        leader = network[1]
        leader.tick(2)
        network[1] = leader
        try network.run()
        #expect(network.delivered == before)
    }

    @Test("deferred: a follower that forwarded a write hears of its commit at once, so it can answer its client")
    func forwarderToldAtOnce() throws {
        var network = try Self.cluster(commitNoticeTicks: 2)
        var forwarder = network[2]
        #expect(forwarder.node.propose([7]) == .forwarded(to: 1))
        network[2] = forwarder
        try network.run()
        #expect(network[1].node.commitIndex == 3)
        #expect(network[2].node.commitIndex == 3)
        #expect(network[2].applied.last == Entry(term: 2, index: 3, payload: .command([7])))
        #expect(network[3].node.commitIndex == 2, "node 3 forwarded nothing and waits for the notice tick")
    }
}
