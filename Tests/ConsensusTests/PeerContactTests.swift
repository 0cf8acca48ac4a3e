import Consensus
import Testing

/// What a leader's status says about hearing from its peers. The shell judges whole centers dead
/// or alive from it, so a new leader must not pass off "elected a moment ago" as "heard a moment ago".
@Suite("A leader's contact with its peers")
struct PeerContactTests {
    static let voters: [NodeID] = [1, 2, 3]

    static func peer(_ id: NodeID, of leader: PaperPeer) throws -> PeerStatus {
        try #require(leader.node.status.peers.first { $0.id == id })
    }

    /// Node 1 timed out and was granted every vote in its new term; its output drained.
    static func elect(_ node: inout PaperPeer) throws {
        try node.timeOut()
        _ = node.drain()
        for voter in voters where voter != 1 {
            node.step(Paper.message(voter, 1, term: node.node.term, .voteResponse(granted: true)))
        }
        _ = node.drain()
        try #require(node.node.role == .leader)
    }

    @Test("a fresh leader has heard from no peer until each answers it, whatever its silence counter says")
    func freshLeaderHearsNobodyYet() throws {
        var leader = try PaperPeer(Paper.configuration(1), durable: .bootstrap(voters: Self.voters))
        try Self.elect(&leader)
        for id: NodeID in [2, 3] {
            let peer = try Self.peer(id, of: leader)
            #expect(peer.ticksSinceLastContact == 0 && !peer.heardThisTerm, "peer \(id) looks silent for 0 ticks, unheard")
        }
        leader.tick(3)
        _ = leader.drain()
        let term = leader.node.term
        leader.step(Paper.message(2, 1, term: term, .appendResponse(.accepted(matchIndex: 2))))
        #expect(try Self.peer(2, of: leader).heardThisTerm && Self.peer(2, of: leader).ticksSinceLastContact == 0)
        #expect(try !Self.peer(3, of: leader).heardThisTerm && Self.peer(3, of: leader).ticksSinceLastContact == 3)
        leader.step(Paper.message(3, 1, term: term, .heartbeatResponse(readRound: 0)))
        #expect(try Self.peer(3, of: leader).heardThisTerm, "a heartbeat's answer counts as hearing from it too")
    }

    @Test("hearing from a peer in one term does not carry over to the leader's next term")
    func hearingIsPerTerm() throws {
        var leader = try Paper.establishedLeader(voters: Self.voters)
        #expect(try Self.peer(2, of: leader).heardThisTerm && Self.peer(3, of: leader).heardThisTerm)
        let newerTerm = leader.node.term + 1
        leader.step(Paper.message(2, 1, term: newerTerm, .heartbeat(commit: 2, readRound: 0)))
        _ = leader.drain()
        try #require(leader.node.role == .follower && leader.node.term == newerTerm)
        try Self.elect(&leader)
        #expect(leader.node.term > newerTerm)
        #expect(try !Self.peer(2, of: leader).heardThisTerm && !Self.peer(3, of: leader).heardThisTerm)
    }
}
