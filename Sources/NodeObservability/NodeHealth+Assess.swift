extension NodeHealth {
    /// The node's health and readiness from its Raft state; pure, so the rules can be tested directly.
    ///
    /// Healthy: a leader is known, the apply lag is within `policy`, and the node is the leader or has heard
    /// from it within `policy`'s window. Ready: healthy, and serving with the log replayed up to the commit
    /// index loaded at start; a node in a minority could only answer `no_quorum`, so it is not ready.
    /// `reason` lists every failed check, health first, joined by "; ".
    public static func assess(
        nodeID: UInt64, center: String, role: String, term: UInt64, leaderID: UInt64?,
        commitIndex: UInt64, appliedIndex: UInt64, millisecondsSinceLeaderContact: UInt64?,
        readiness: Readiness, policy: HealthPolicy = HealthPolicy()
    ) -> NodeHealth {
        let isLeader = role == "leader"
        let applyLag = commitIndex >= appliedIndex ? commitIndex - appliedIndex : 0

        var healthProblems: [String] = []
        if leaderID == nil && !isLeader {
            healthProblems.append("no leader known")
        } else if !isLeader {
            if let silence = millisecondsSinceLeaderContact {
                if silence > policy.maxLeaderSilenceMilliseconds {
                    healthProblems.append("no contact with the leader for \(silence) ms")
                }
            } else {
                healthProblems.append("no contact with the leader yet")
            }
        }
        if applyLag > policy.maxApplyLagEntries {
            healthProblems.append("applying is \(applyLag) entries behind the commit index")
        }

        var readinessProblems: [String] = []
        if appliedIndex < readiness.commitIndexAtStart {
            readinessProblems.append(
                "replaying the log: applied \(appliedIndex) of \(readiness.commitIndexAtStart) committed entries")
        }
        if !readiness.serving {
            readinessProblems.append("not serving clients yet")
        }

        let problems = healthProblems + readinessProblems
        return NodeHealth(
            nodeID: nodeID, center: center, role: role, term: term, leaderID: leaderID,
            commitIndex: commitIndex, appliedIndex: appliedIndex, applyLagEntries: applyLag,
            millisecondsSinceLeaderContact: millisecondsSinceLeaderContact,
            healthy: healthProblems.isEmpty, ready: problems.isEmpty,
            reason: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }
}
