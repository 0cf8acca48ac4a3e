import Consensus
import Testing

/// A compaction without a copy of the state (`compact(through:data: [])`, the center-node's way):
/// the leader holds the snapshot back from a follower that needs it, asks its shell for the data,
/// and sends it once handed over.
@Suite("Snapshot data on demand")
struct SnapshotDataOnDemandTests {
    @Test("compacted without its data, a leader holds the snapshot back and asks for it; handed over, it goes")
    func dataOnDemand() throws {
        var leader = try Paper.establishedLeader(voters: [1, 2, 3])
        for value in UInt8(1)...3 { _ = leader.node.propose([value]) }
        _ = leader.drain()
        leader.step(Paper.message(2, 1, term: 2, .appendResponse(.accepted(matchIndex: 5))))
        _ = leader.drain()
        #expect(leader.node.appliedIndex == 5)
        #expect(!leader.node.snapshotDataWanted, "every follower can still be sent entries")
        let compaction = leader.node.compact(through: 5, data: [])
        let compacted = try #require(compaction)
        #expect(compacted.index == 5 && compacted.data.isEmpty)

        // Node 3 lost everything after the bootstrap entry: it needs what was compacted.
        leader.step(Paper.message(3, 1, term: 2, .appendResponse(.rejected(rejectedIndex: 5, hintIndex: 1, hintTerm: 1))))
        leader.step(Paper.message(3, 1, term: 2, .heartbeatResponse(readRound: 0)))
        let heldBack = leader.drain()
        #expect(!heldBack.contains { if case .installSnapshot = $0.body { true } else { false } })
        #expect(leader.node.snapshotDataWanted)

        let attachment = leader.node.compact(through: 5, data: [42])
        let attached = try #require(attachment)
        #expect(attached.index == 5 && attached.data == [42])
        #expect(!leader.node.snapshotDataWanted)
        let again = leader.node.compact(through: 5, data: [43])
        #expect(again == nil, "data is handed over once")
        // Node 3 answers a heartbeat: the leader sends it what it lacks, the snapshot this time.
        leader.step(Paper.message(3, 1, term: 2, .heartbeatResponse(readRound: 0)))
        let sent = leader.drain().filter { $0.to == 3 }
        #expect(sent.contains { message in
            if case .installSnapshot(let snapshot) = message.body { snapshot.index == 5 && snapshot.data == [42] } else { false }
        })
    }
}
