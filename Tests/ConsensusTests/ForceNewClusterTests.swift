import Consensus
import Testing

/// `DurableState.forcingNewCluster`: the survivor of a lost majority becomes the only voter of a
/// new configuration, keeping everything it holds.
@Suite("Forcing a new cluster")
struct ForceNewClusterTests {
    static let timeout = Paper.electionTimeout

    /// Node 1 of voters 1, 2, 3: entries 1–5 of terms 1, 2, 2, 2, 3, of which it saw 1–3 commit;
    /// it voted for 2 in term 3.
    static func survivor() -> DurableState {
        Paper.state(voters: [1, 2, 3], terms: [1, 2, 2, 2, 3], term: 3, vote: 2, commit: 3)
    }

    /// A core restarted from `durable` with its application applied through `applied`.
    static func restarted(_ durable: DurableState, applied: LogIndex) throws -> PaperPeer {
        var peer = try PaperPeer(Paper.configuration(1, preVote: true), durable: durable)
        peer.node = try RaftNode(
            configuration: peer.node.configuration, restoring: durable, appliedIndex: applied, random: SeededRandom(seed: 1))
        return peer
    }

    @Test("the rewrite: one membership entry naming the node alone, after its last entry, in a new term, committed")
    func rewrite() throws {
        let work = try Self.survivor().forcingNewCluster(soleVoter: 1)
        #expect(work.entries == [Entry(term: 4, index: 6, payload: .membership(Membership(voters: [1])))])
        #expect(work.hardState == HardState(term: 4, vote: nil, commit: 6))
        #expect(work.snapshot == nil)
        var forced = Self.survivor()
        forced.apply(work)
        #expect(forced.defect == nil)
        #expect(forced.entries.prefix(5) == Self.survivor().entries[...], "every entry it held is kept")
    }

    @Test("restarted, it is the only voter, elects itself alone, applies everything it held, and commits alone")
    func restartsAsOneVoterCluster() throws {
        var forced = Self.survivor()
        forced.apply(try forced.forcingNewCluster(soleVoter: 1))
        var peer = try Self.restarted(forced, applied: 3)
        #expect(peer.node.membership == Membership(voters: [1]))
        #expect(peer.node.commitIndex == 6)
        // Entries 4 and 5, which it never saw commit, apply with the forced membership.
        #expect(peer.drain().isEmpty)
        #expect(peer.applied.map(\.index) == [4, 5, 6])
        try peer.tick(limit: 2 * Self.timeout) { $0.role == .leader }
        #expect(peer.node.term == 5)
        #expect(peer.drain().isEmpty, "there is nobody else to ask for a vote or to replicate to")
        #expect(peer.node.commitIndex == 7, "its no-op commits on its own disk")
        guard case .appended(let index, _) = peer.node.propose([42]) else {
            Issue.record("a proposal to the only voter was refused")
            return
        }
        #expect(peer.drain().isEmpty)
        #expect(peer.node.commitIndex == index)
        #expect(peer.applied.last == Entry(term: 5, index: index, payload: .command([42])))
    }

    @Test("an uncommitted membership change it held is superseded: the lost members are in no configuration")
    func uncommittedMembershipChangeIsSuperseded() throws {
        var durable = Self.survivor()
        durable.entries.append(Entry(term: 3, index: 6, payload: .membership(Membership(voters: [1, 2, 3], learners: [4]))))
        #expect(durable.newestMembership == Membership(voters: [1, 2, 3], learners: [4]))
        durable.apply(try durable.forcingNewCluster(soleVoter: 1))
        #expect(durable.newestMembership == Membership(voters: [1]))
        let peer = try Self.restarted(durable, applied: 3)
        #expect(peer.node.membership == Membership(voters: [1]))
        #expect(!peer.node.membership.isMember(4) && !peer.node.membership.isMember(2))
    }

    @Test("a log compacted into its snapshot: the entry follows the snapshot")
    func afterCompaction() throws {
        let snapshot = Snapshot(index: 10, term: 3, membership: Membership(voters: [1, 2, 3]), data: [7])
        var durable = DurableState(hardState: HardState(term: 3, vote: nil, commit: 10), snapshot: snapshot, entries: [])
        #expect(durable.lastIndex == 10 && durable.lastTerm == 3)
        #expect(durable.newestMembership == snapshot.membership)
        let work = try durable.forcingNewCluster(soleVoter: 1)
        #expect(work.entries == [Entry(term: 4, index: 11, payload: .membership(Membership(voters: [1])))])
        durable.apply(work)
        var peer = try Self.restarted(durable, applied: 10)
        #expect(peer.node.membership == Membership(voters: [1]) && peer.node.commitIndex == 11)
        try peer.tick(limit: 2 * Self.timeout) { $0.role == .leader }
        _ = peer.drain()
        #expect(peer.node.latestSnapshot.data == [7], "the snapshot's data stays, for the members added later")
    }

    @Test("refusals: a node that never joined, node id 0, a state that cannot be restarted from")
    func refusals() {
        #expect(throws: ForceNewClusterRefusal.noRaftState) { try DurableState.joining.forcingNewCluster(soleVoter: 1) }
        #expect(throws: ForceNewClusterRefusal.invalidNodeID) { try Self.survivor().forcingNewCluster(soleVoter: 0) }
        var broken = Self.survivor()
        broken.hardState.commit = 9
        #expect(throws: ForceNewClusterRefusal.corruptDurableState("commit index 9 is beyond the last entry 5")) {
            try broken.forcingNewCluster(soleVoter: 1)
        }
    }
}
