/// The follower's side of replication (§5.3) and snapshot install (§7).
extension RaftNode {
    mutating func handleAppend(from leader: NodeID, _ append: Append) {
        if append.previousIndex < log.committed {
            // Already committed here: tell the leader how far we are.
            send(to: leader, .appendResponse(.accepted(matchIndex: log.committed)))
            return
        }
        let skipCheck = configuration.plantedBug == .skipAppendConsistencyCheck && append.previousIndex <= log.lastIndex
        guard skipCheck || log.matches(index: append.previousIndex, term: append.previousTerm) else {
            let rejected = append.previousIndex
            let hint = log.conflictHint(atOrBelow: rejected, term: append.previousTerm)
            send(to: leader, .appendResponse(.rejected(rejectedIndex: rejected, hintIndex: hint.index, hintTerm: hint.term)))
            return
        }
        let lastNewIndex = append.previousIndex + UInt64(append.entries.count)
        if let cut = log.appendFromLeader(after: append.previousIndex, append.entries[...]) {
            if cut <= log.committed { invariantBroken("follower cut committed entry \(cut) (commit \(log.committed))") }
            durableIndex = min(durableIndex, cut - 1)
        }
        commit(to: min(append.commit, lastNewIndex))
        send(to: leader, .appendResponse(.accepted(matchIndex: lastNewIndex)))
    }

    mutating func handleSnapshot(from leader: NodeID, _ snapshot: Snapshot) {
        if snapshot.index <= log.committed {
            send(to: leader, .appendResponse(.accepted(matchIndex: log.committed)))
            return
        }
        if log.matches(index: snapshot.index, term: snapshot.term) {
            // We hold the snapshot's last entry: everything up to it is committed, keep the rest.
            commit(to: snapshot.index)
            send(to: leader, .appendResponse(.accepted(matchIndex: log.committed)))
            return
        }
        log.restore(snapshot)
        // The old log on disk is no longer ours; the snapshot counts once it is persisted.
        durableIndex = 0
        membership = snapshot.membership
        membershipIndex = snapshot.index
        receivedSnapshot = snapshot
        send(to: leader, .appendResponse(.accepted(matchIndex: snapshot.index)))
    }
}
