import Consensus
import Testing

/// ReadIndex (dissertation §6.4): a read is served at the commit index once the leader has proved,
/// with a heartbeat round acknowledged by a quorum after the read arrived, that it still leads.
@Suite("Paper: ReadIndex")
struct PaperReadIndexTests {
    static let voters: [NodeID] = [1, 2, 3]

    static func reads(_ peer: PaperPeer) -> [(context: UInt64, index: LogIndex)] {
        peer.readStates.map { ($0.context, $0.index) }
    }

    static func heartbeatRound(_ messages: [Message]) -> [NodeID: UInt64] {
        var rounds: [NodeID: UInt64] = [:]
        for message in messages {
            if case .heartbeat(_, let round) = message.body { rounds[message.to] = round }
        }
        return rounds
    }

    @Test("a single-node leader serves a read at once, at its commit index")
    func singleNodeRead() throws {
        var leader = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: [1]))
        try leader.timeOut()
        _ = leader.drain()
        try #require(leader.node.role == .leader)
        #expect(leader.node.commitIndex == 2)
        let outcome = leader.node.readIndex(context: 7)
        #expect(outcome == .pending)
        #expect(leader.drain().isEmpty)
        #expect(Self.reads(leader).elementsEqual([(7, 2)], by: ==))
    }

    @Test("a 3-node leader serves a read only after a quorum acknowledges a heartbeat round sent after it")
    func threeNodeRead() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        let outcome = leader.node.readIndex(context: 9)
        #expect(outcome == .pending)
        let sent = leader.drain()
        let rounds = Self.heartbeatRound(sent)
        #expect(Set(rounds.keys) == [2, 3])
        let round = try #require(rounds[2])
        #expect(round > 0)
        #expect(leader.readStates.isEmpty)

        // An answer to an earlier round proves nothing about this read.
        leader.step(Paper.message(2, 1, term: 2, .heartbeatResponse(readRound: round - 1)))
        _ = leader.drain()
        #expect(leader.readStates.isEmpty)

        leader.step(Paper.message(2, 1, term: 2, .heartbeatResponse(readRound: round)))
        _ = leader.drain()
        #expect(Self.reads(leader).elementsEqual([(9, 2)], by: ==))
        // The second acknowledgement serves nothing twice.
        leader.step(Paper.message(3, 1, term: 2, .heartbeatResponse(readRound: round)))
        _ = leader.drain()
        #expect(leader.readStates.count == 1)
    }

    @Test("a new leader holds reads until an entry of its own term commits")
    func readWaitsForTermCommit() throws {
        var leader = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: Self.voters))
        try leader.timeOut()
        leader.step(Paper.message(2, 1, term: 2, .voteResponse(granted: true)))
        _ = leader.drain()
        try #require(leader.node.role == .leader)
        let outcome = leader.node.readIndex(context: 5)
        #expect(outcome == .pending)
        #expect(Self.heartbeatRound(leader.drain()).isEmpty)

        // The no-op commits: now the read's round goes out.
        leader.step(Paper.message(2, 1, term: 2, .appendResponse(.accepted(matchIndex: 2))))
        let round = try #require(Self.heartbeatRound(leader.drain())[3])
        #expect(leader.readStates.isEmpty)
        leader.step(Paper.message(3, 1, term: 2, .heartbeatResponse(readRound: round)))
        _ = leader.drain()
        #expect(Self.reads(leader).elementsEqual([(5, 2)], by: ==))
    }

    @Test("a follower's read goes through the leader; without a leader it is refused")
    func followerRead() throws {
        var network = PaperNetwork(
            try Self.voters.map { try PaperPeer(Paper.configuration($0), durable: .bootstrap(voters: Self.voters)) })
        var stranger = network[3]
        let refused = stranger.node.readIndex(context: 3)
        #expect(refused == .rejected(.notLeader(leader: nil)))

        try network.elect(1)
        try network.heartbeat(from: 1)
        var follower = network[2]
        let outcome = follower.node.readIndex(context: 4)
        #expect(outcome == .pending)
        network[2] = follower
        try network.run()
        #expect(Self.reads(network[2]).elementsEqual([(4, 2)], by: ==))
        #expect(network[1].readStates.isEmpty)
    }
}
