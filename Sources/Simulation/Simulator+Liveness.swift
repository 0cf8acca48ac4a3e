import Consensus

/// Liveness once faults heal: a leader everyone follows, a fresh proposal committed, and every
/// node applying everything committed, all within a bounded number of ticks.
extension Simulator {
    /// Heals the world: every link up, every node running, no more drops or duplicates.
    public mutating func healAll() {
        healPartition()
        for id in nodeIDs { restart(id) }
        profile.dropRate = 0
        profile.duplicateRate = 0
        profile.crashRate = 0
        profile.partitionRate = 0
        profile.slowDiskRate = 0
        profile.transferRate = 0
        profile.proposalRate = 0
        profile.readRate = 0
    }

    /// A leader that every member follows in its term.
    public var stableLeader: NodeID? {
        guard let leader, let leaderCore = core(leader) else { return nil }
        let members = leaderCore.membership.members
        let agree = members.allSatisfy { core($0)?.leader == leader && core($0)?.term == leaderCore.term }
        return agree ? leader : nil
    }

    /// True when every member has applied the leader's whole log.
    public var converged: Bool {
        guard let leader = stableLeader, let leaderCore = core(leader) else { return false }
        return leaderCore.membership.members.allSatisfy {
            node($0).stateMachine.appliedIndex == leaderCore.lastIndex && core($0)?.commitIndex == leaderCore.lastIndex
        }
    }

    /// Checks liveness after `healAll()`; records a violation when it does not come.
    public mutating func checkLiveness() {
        guard violation == nil else { return }
        let budget = options.livenessTicks
        guard run(upTo: budget, until: { $0.stableLeader != nil }) else {
            if violation == nil { fail("liveness", "no stable leader within \(budget) ticks of healing") }
            return
        }
        // A client retries, boundedly, until one proposal commits: a leader may refuse for a
        // moment (a transfer under way), or lose an uncommitted entry to a newer leader.
        var proposal: (leader: NodeID, index: LogIndex, term: Term)?
        var committed = false
        for _ in 0..<budget where !committed && violation == nil {
            if let (leader, index, term) = proposal, let leaderCore = core(leader) {
                if checker.committed[index]?.term == term {
                    committed = true
                    break
                }
                if leaderCore.term != term || leaderCore.role != .leader { proposal = nil }
            } else if let leader = stableLeader, case .appended(let index, let term)? = propose(at: leader) {
                proposal = (leader, index, term)
            }
            step()
        }
        guard committed else {
            if violation == nil { fail("liveness", "no proposal committed within \(budget) ticks of healing") }
            return
        }
        guard run(upTo: budget, until: { $0.converged }) else {
            if violation == nil { fail("liveness", "nodes did not all apply the committed log within \(budget) ticks") }
            return
        }
    }
}
