import Consensus
import Testing

/// §5.3, §5.4.2: commitment. An entry on a majority commits, with everything before it; followers
/// learn the commit index and apply; an entry of an earlier term commits only through one of the
/// leader's own term.
@Suite("Paper §5.3, §5.4.2: commit")
struct PaperCommitTests {
    struct QuorumCase: Sendable, CustomTestStringConvertible {
        var voters: Int
        var acknowledging: [NodeID]
        var commits: Bool
        var testDescription: String { "\(voters) voters, acknowledged by \(acknowledging) -> \(commits ? "" : "not ")committed" }
    }

    static let quorumCases = [
        QuorumCase(voters: 1, acknowledging: [], commits: true),
        QuorumCase(voters: 3, acknowledging: [], commits: false),
        QuorumCase(voters: 3, acknowledging: [2], commits: true),
        QuorumCase(voters: 3, acknowledging: [2, 3], commits: true),
        QuorumCase(voters: 5, acknowledging: [], commits: false),
        QuorumCase(voters: 5, acknowledging: [2], commits: false),
        QuorumCase(voters: 5, acknowledging: [5], commits: false),
        QuorumCase(voters: 5, acknowledging: [2, 3], commits: true),
        QuorumCase(voters: 5, acknowledging: [3, 5], commits: true),
        QuorumCase(voters: 5, acknowledging: [2, 3, 4, 5], commits: true),
    ]

    @Test("an entry acknowledged by a majority commits, with every entry before it", arguments: quorumCases)
    func leaderCommitsOnMajority(_ example: QuorumCase) throws {
        let voters = (1...NodeID(example.voters)).map { $0 }
        var leader = try Paper.establishedLeader(voters: voters)
        let commands: [[UInt8]] = [[1], [2], [3]]
        for command in commands { _ = leader.node.propose(command) }
        _ = leader.drain()
        // Each follower acknowledges only the whole batch, with the last index.
        for id in example.acknowledging {
            leader.step(Paper.message(id, 1, term: 2, .appendResponse(.accepted(matchIndex: 5))))
        }
        _ = leader.drain()
        #expect(leader.node.commitIndex == (example.commits ? 5 : 2))
        let appliedCommands = leader.applied.compactMap { entry -> [UInt8]? in
            if case .command(let bytes) = entry.payload { bytes } else { nil }
        }
        #expect(appliedCommands == (example.commits ? commands : []))
        #expect(leader.applied.map(\.index) == Array(1...leader.node.commitIndex))
    }

    @Test("followers learn the commit index from the leader and apply the same entries")
    func followersLearnCommit() throws {
        let voters: [NodeID] = [1, 2, 3]
        var network = PaperNetwork(
            try voters.map { try PaperPeer(Paper.configuration($0), durable: .bootstrap(voters: voters)) })
        try network.elect(1)
        var leader = network[1]
        let outcome = leader.node.propose([42])
        #expect(outcome == .appended(index: 3, term: 2))
        network[1] = leader
        try network.run()
        try network.heartbeat(from: 1)
        leader = network[1]
        #expect(leader.node.commitIndex == 3)
        #expect(leader.applied.last == Entry(term: 2, index: 3, payload: .command([42])))
        for id in voters {
            #expect(network[id].node.commitIndex == 3, "node \(id)")
            #expect(network[id].applied == leader.applied, "node \(id)")
        }
    }

    // Figure 8's lesson: the leader of term 4 holds entry 2 of term 2, uncommitted. Even once every
    // voter holds it, counting replicas must not commit it; the leader's no-op of term 4 does.
    @Test("an entry of an earlier term commits only once an entry of the leader's term does")
    func onlyCurrentTermEntriesCommitByCounting() throws {
        let voters: [NodeID] = [1, 2, 3]
        var leader = try PaperPeer(
            Paper.configuration(1), durable: Paper.state(voters: voters, terms: [1, 2], term: 3, commit: 1))
        try leader.timeOut()
        leader.step(Paper.message(2, 1, term: 4, .voteResponse(granted: true)))
        try #require(leader.node.role == .leader)
        _ = leader.drain()
        #expect(leader.node.entry(at: 3) == Entry(term: 4, index: 3, payload: .noop))

        for id: NodeID in [2, 3] {
            leader.step(Paper.message(id, 1, term: 4, .appendResponse(.accepted(matchIndex: 2))))
        }
        _ = leader.drain()
        #expect(leader.node.commitIndex == 1)
        #expect(leader.applied.map(\.index) == [1])

        leader.step(Paper.message(2, 1, term: 4, .appendResponse(.accepted(matchIndex: 3))))
        _ = leader.drain()
        #expect(leader.node.commitIndex == 3)
        #expect(leader.applied.map(\.index) == [1, 2, 3])
    }
}
