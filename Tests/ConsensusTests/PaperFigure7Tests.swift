import Consensus
import Testing

/// §5.3, Figure 7: when the leader of term 8 comes to power, its followers' logs may lack entries
/// (a, b), hold extra uncommitted ones (c, d), or both (e, f). The leader's consistency check
/// brings every one of them to its own log.
@Suite("Paper §5.3: Figure 7")
struct PaperFigure7Tests {
    struct FollowerLog: Sendable, CustomTestStringConvertible {
        var name: String
        var terms: [Term]
        var testDescription: String { "follower (\(name)): \(terms)" }
    }

    static let leaderTerms: [Term] = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6]

    static let followerLogs = [
        FollowerLog(name: "a", terms: [1, 1, 1, 4, 4, 5, 5, 6, 6]),
        FollowerLog(name: "b", terms: [1, 1, 1, 4]),
        FollowerLog(name: "c", terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]),
        FollowerLog(name: "d", terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]),
        FollowerLog(name: "e", terms: [1, 1, 1, 4, 4, 4, 4]),
        FollowerLog(name: "f", terms: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
    ]

    // Node 1 holds the leader's log and campaigns from term 7; node 3 holds the same log and votes
    // for it; node 2 holds the follower's log of the figure.
    @Test("the leader brings each follower log of Figure 7 to its own", arguments: followerLogs)
    func leaderSyncsFollowerLog(_ follower: FollowerLog) throws {
        let voters: [NodeID] = [1, 2, 3]
        let leaderState = Paper.state(voters: voters, terms: Self.leaderTerms, term: 7)
        var network = PaperNetwork([
            try PaperPeer(Paper.configuration(1), durable: leaderState),
            try PaperPeer(Paper.configuration(2), durable: Paper.state(voters: voters, terms: follower.terms)),
            try PaperPeer(Paper.configuration(3), durable: leaderState),
        ])
        try network.elect(1)
        try network.heartbeat(from: 1)

        let leader = network[1]
        #expect(leader.node.term == 8)
        // The leader's own log with its no-op of term 8, committed everywhere.
        let expected = Paper.log(voters: voters, terms: Self.leaderTerms) + [Entry(term: 8, index: 11, payload: .noop)]
        #expect(leader.entries == expected)
        for id in voters {
            let peer = network[id]
            #expect(peer.entries == expected, "node \(id)")
            #expect(peer.durable.entries == expected, "node \(id)")
            #expect(peer.node.commitIndex == 11, "node \(id)")
            #expect(peer.applied == expected, "node \(id)")
            #expect(peer.node.leader == 1, "node \(id)")
        }
    }
}
