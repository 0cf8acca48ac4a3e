/// The leader's side of replication: batching, pipelining within a window, fast backtracking,
/// snapshots for followers behind the compacted log, and commit by counting (§5.3, §5.4.2).
extension RaftNode {
    func proposalRefusal(count: Int) -> ProposalRejection? {
        if transfer != nil { return .leadershipTransferInProgress }
        if log.lastIndex - log.committed + UInt64(count) > UInt64(configuration.maxUncommittedEntries) {
            return .tooManyUncommittedEntries
        }
        return nil
    }

    mutating func appendAsLeader(_ payloads: [EntryPayload]) {
        if role != .leader { invariantBroken("node \(id) appended as leader while \(role)") }
        for payload in payloads {
            log.appendAsLeader(Entry(term: term, index: log.lastIndex + 1, payload: payload))
        }
        // The leader's own vote for these entries waits for its disk (`persisted(through:term:)`).
        if configuration.plantedBug == .leaderCountsUnpersistedEntries {
            _ = progress[id]?.acknowledge(matchIndex: log.lastIndex)
        }
        if !advanceCommit() { broadcastAppend() }
    }

    mutating func broadcastAppend() {
        for member in membership.members where member != id {
            while sendAppend(to: member, evenIfEmpty: false) {}
        }
    }

    /// Sends the next batch to `peer` if its progress allows; returns true when a message went out.
    /// Without `evenIfEmpty` only a non-empty batch goes, which moves `next` or pauses the probe,
    /// so `while sendAppend(...)` stops once the window is full or the follower is up to date.
    @discardableResult
    mutating func sendAppend(to peer: NodeID, evenIfEmpty: Bool) -> Bool {
        guard var entry = progress[peer], !entry.isPaused(maxInflight: configuration.maxInflightAppends) else {
            return false
        }
        defer { progress[peer] = entry }
        let previousIndex = entry.next - 1
        guard let previousTerm = log.term(at: previousIndex) else {
            // What the follower needs is compacted away: send the snapshot, once it has its data
            // (a local compaction leaves it without; `snapshotDataWanted` asks the shell for it).
            guard !log.snapshot.lacksData else { return false }
            entry.becomeSnapshot(index: log.snapshot.index)
            entry.commitSent = max(entry.commitSent, log.snapshot.index)
            send(to: peer, .installSnapshot(log.snapshot))
            return true
        }
        let batch = log.entries(
            from: entry.next, maxCount: configuration.maxEntriesPerAppend, maxBytes: configuration.maxBytesPerAppend)
        if batch.isEmpty && !evenIfEmpty { return false }
        // A deferred commit index travels in notices only, so that followers apply in batches.
        let commit = configuration.commitNoticeTicks == 0 ? log.committed : min(log.committed, entry.commitSent)
        send(
            to: peer,
            .append(Append(
                previousIndex: previousIndex, previousTerm: previousTerm, entries: Array(batch), commit: commit)))
        entry.sent(lastIndex: previousIndex + UInt64(batch.count), entryCount: batch.count)
        return true
    }

    mutating func handleAppendResponse(from peer: NodeID, _ response: AppendResponse) {
        guard progress[peer] != nil else { return }
        progress[peer]?.recentActive = true
        progress[peer]?.ticksSinceContact = 0
        progress[peer]?.heardThisTerm = true
        switch response {
        case .accepted(let matchIndex):
            guard matchIndex <= log.lastIndex else { return }
            let updated = progress[peer]?.acknowledge(matchIndex: matchIndex) ?? false
            if progress[peer]?.state == .probe
                || (progress[peer]?.state == .snapshot && matchIndex >= progress[peer]?.pendingSnapshotIndex ?? 0)
            {
                progress[peer]?.becomeReplicate()
            }
            // A commit that moves has already sent to everyone.
            if !(updated && advanceCommit()) {
                while sendAppend(to: peer, evenIfEmpty: false) {}
                if updated { sendCommitNotices(forwardersOnly: true) }
            }
            if let transfer, transfer.target == peer, progress[peer]?.match == log.lastIndex {
                handOver(to: peer)
            }
        case .rejected(let rejectedIndex, let hintIndex, let hintTerm):
            let nextProbe = hintTerm > 0 ? log.conflictHint(atOrBelow: hintIndex, term: hintTerm).index : hintIndex
            if progress[peer]?.reject(rejectedIndex: rejectedIndex, nextProbe: nextProbe) == true {
                sendAppend(to: peer, evenIfEmpty: true)
            }
        }
    }

    mutating func handleHeartbeatResponse(from peer: NodeID, readRound: UInt64) {
        guard var entry = progress[peer] else { return }
        entry.recentActive = true
        entry.ticksSinceContact = 0
        entry.heardThisTerm = true
        entry.readRoundAcked = max(entry.readRoundAcked, readRound)
        entry.probeSent = false
        if entry.state == .replicate && entry.isPaused(maxInflight: configuration.maxInflightAppends) {
            entry.freeOldestInflight()
        }
        progress[peer] = entry
        if entry.match < log.lastIndex { sendAppend(to: peer, evenIfEmpty: true) }
        releaseConfirmedReads()
    }

    /// Commits the highest index a quorum holds, if it is of this term. Returns true when the
    /// commit index moved (and was broadcast).
    @discardableResult
    mutating func advanceCommit() -> Bool {
        var candidate = membership.quorumIndex { progress[$0]?.match ?? 0 }
        if configuration.plantedBug == .leaderCommitsAlone { candidate = log.lastIndex }
        guard candidate > log.committed, let candidateTerm = log.term(at: candidate) else { return false }
        guard candidateTerm == term || configuration.plantedBug == .commitEarlierTermByCounting else { return false }
        commit(to: candidate)
        guard role == .leader else { return true }
        releaseReadsWaitingForTermCommit()
        broadcastCommit(forwardersOnlyWhenDeferred: true)
        return true
    }

    /// Tells every member the new commit index, with whatever entries it still lacks. With a
    /// deferred commit notice the entries go, and the notice goes only to those that lack it (or,
    /// when `forwardersOnlyWhenDeferred`, to those waiting on forwarded writes; the rest hear at
    /// the next notice tick).
    mutating func broadcastCommit(forwardersOnlyWhenDeferred: Bool = false) {
        guard configuration.commitNoticeTicks == 0 else {
            broadcastAppend()
            sendCommitNotices(forwardersOnly: forwardersOnlyWhenDeferred)
            return
        }
        for member in membership.members where member != id {
            if !sendAppend(to: member, evenIfEmpty: true) { sendHeartbeat(to: member) }
            while sendAppend(to: member, evenIfEmpty: false) {}
        }
    }

    mutating func sendHeartbeat(to peer: NodeID) {
        let commit = min(progress[peer]?.match ?? 0, log.committed)
        if var entry = progress[peer] {
            entry.commitSent = max(entry.commitSent, commit)
            if entry.commitSent >= entry.forwardedUpTo { entry.forwardedUpTo = 0 }
            progress[peer] = entry
        }
        send(to: peer, .heartbeat(commit: commit, readRound: reads.round))
    }

    /// The deferred commit index goes out by heartbeat to each follower that holds entries it has
    /// not heard are committed; or, between notice ticks, only to a follower whose forwarded writes
    /// are now committed on its own log too, since it answers their clients once it applies them.
    mutating func sendCommitNotices(forwardersOnly: Bool) {
        for member in membership.members where member != id {
            guard let entry = progress[member], entry.lacksCommit(log.committed) else { continue }
            if forwardersOnly && (entry.forwardedUpTo == 0 || min(entry.match, log.committed) < entry.forwardedUpTo) { continue }
            sendHeartbeat(to: member)
        }
    }

    mutating func tickLeader() {
        heartbeatElapsedTicks += 1
        electionElapsedTicks += 1
        for member in membership.members where member != id {
            progress[member]?.ticksSinceContact += 1
            if progress[member]?.state == .snapshot {
                progress[member]?.ticksInSnapshotState += 1
                // The snapshot or its answer may have been lost: probe again, which resends it.
                if progress[member]?.ticksInSnapshotState ?? 0 >= configuration.electionTimeoutTicks {
                    progress[member]?.becomeProbe()
                }
            }
        }
        if var current = transfer {
            current.elapsedTicks += 1
            // A transfer that has not happened within an election timeout is abandoned.
            transfer = current.elapsedTicks >= configuration.electionTimeoutTicks ? nil : current
        }
        if electionElapsedTicks >= configuration.electionTimeoutTicks {
            electionElapsedTicks = 0
            if configuration.checkQuorum && !closeCheckQuorumWindow() {
                becomeFollower(term: term, leader: nil)
                return
            }
        }
        if heartbeatElapsedTicks >= configuration.heartbeatIntervalTicks {
            heartbeatElapsedTicks = 0
            for member in membership.members where member != id { sendHeartbeat(to: member) }
        }
        commitNoticeElapsedTicks += 1
        if configuration.commitNoticeTicks > 0 && commitNoticeElapsedTicks >= configuration.commitNoticeTicks {
            commitNoticeElapsedTicks = 0
            sendCommitNotices(forwardersOnly: false)
        }
        returnLeadershipToPreferred()
    }

    /// Ends a check-quorum window; returns false when a quorum was not heard from.
    private mutating func closeCheckQuorumWindow() -> Bool {
        var active: [NodeID] = []
        for member in membership.members {
            guard var entry = progress[member] else { continue }
            if entry.recentActive || member == id {
                active.append(member)
                entry.consecutiveActiveWindows += 1
            } else {
                entry.consecutiveActiveWindows = 0
            }
            entry.recentActive = member == id
            progress[member] = entry
        }
        return membership.hasQuorum(active)
    }

    /// Leader priority: the main center leads whenever it is a healthy, caught-up voter.
    private mutating func returnLeadershipToPreferred() {
        guard let preferred = configuration.preferredLeader, preferred != id, transfer == nil,
            membership.isVoter(preferred), let entry = progress[preferred],
            entry.consecutiveActiveWindows >= configuration.preferredLeaderStableWindows,
            entry.match == log.lastIndex, log.term(at: log.committed) == term
        else { return }
        _ = transferLeadership(to: preferred)
    }

    /// Tells `target` to campaign now (§3.10), having told it what is committed when appends do
    /// not: a new leader that knows the commit index can serve at once.
    mutating func handOver(to target: NodeID) {
        if configuration.commitNoticeTicks > 0, progress[target]?.lacksCommit(log.committed) == true {
            sendHeartbeat(to: target)
        }
        send(to: target, .timeoutNow)
    }

    /// Called when a membership entry commits.
    mutating func membershipChanged() {
        guard role == .leader else { return }
        for member in membership.members where progress[member] == nil {
            progress[member] = Progress(next: log.lastIndex + 1)
        }
        for member in progress.keys where !membership.isMember(member) {
            progress[member] = nil
        }
        if !membership.isVoter(id) {
            // Removed: tell the others the change committed (or a survivor of a two-node cluster
            // keeps waiting for our vote), hand over to a caught-up voter, then step down.
            broadcastCommit()
            if let successor = membership.voters.first(where: { progress[$0]?.match == log.lastIndex }) {
                handOver(to: successor)
            }
            becomeFollower(term: term, leader: nil)
        }
    }
}
