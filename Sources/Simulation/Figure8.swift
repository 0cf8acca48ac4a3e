import Consensus

/// The paper's Figure 8, scripted: an entry from an earlier term reaches a majority under a later
/// leader, which then dies; a rival holding a different entry at that index of a middle term
/// comes back. A correct core never lets that entry count as committed before an entry of the
/// later leader's own term is on a majority, so the rival cannot win; a core that commits by
/// counting replicas loses a committed entry.
extension Simulator {
    public mutating func playFigure8() {
        profile = .reliable
        profile.proposalRate = 0
        profile.readRate = 0
        let quickly = options.electionTimeoutTicks * 40
        guard run(upTo: quickly, until: { $0.stableLeader != nil }), let first = stableLeader else {
            return fail("figure 8", "no first leader")
        }
        propose(at: first)
        run(upTo: quickly) { $0.converged }
        // 1. The first leader's entry reaches one follower only, then the leader dies.
        let follower = nodeIDs.first { $0 != first }!
        let others = nodeIDs.filter { $0 != first && $0 != follower }
        partition([first, follower], from: others)
        guard case .appended(let index, _)? = propose(at: first) else { return fail("figure 8", "first leader refused") }
        run(upTo: quickly) { ($0.core(follower)?.lastIndex ?? 0) >= index }
        crash(first)
        // 2. The others elect a second leader, which takes a different entry at that index alone, then dies.
        guard run(upTo: quickly, until: { sim in others.contains { sim.core($0)?.role == .leader } }),
            let second = others.first(where: { core($0)?.role == .leader })
        else { return fail("figure 8", "no second leader") }
        isolate(second)
        propose(at: second)
        crash(second)
        // 3. The first leader returns and spreads the old entry. (A correct core's second leader
        //    replicated its no-op before it was cut off, so one of the others may win here instead.)
        healPartition()
        restart(first)
        guard run(upTo: quickly, until: { sim in sim.leader.map { (sim.core($0)?.commitIndex ?? 0) >= index } ?? false }),
            let third = leader
        else { return fail("figure 8", "nothing committed at \(index) under a third leader") }
        // 4. The third leader dies and the second comes back: with the old entry counted as
        //    committed, the second could win and overwrite it.
        crash(third)
        restart(second)
        run(upTo: quickly) { $0.leader != nil }
        healAll()
        checkLiveness()
    }
}
