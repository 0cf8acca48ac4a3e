/// How the leader replicates to one follower (etcd's three states).
public enum ReplicationState: String, Sendable, Equatable {
    /// One append at a time until the follower's match is found.
    case probe
    /// Appends pipelined optimistically, up to the in-flight window.
    case replicate
    /// A snapshot is on its way; appends wait.
    case snapshot
}

/// The leader's view of one member.
struct Progress: Sendable {
    var match: LogIndex = 0
    var next: LogIndex
    private(set) var state: ReplicationState = .probe
    /// In probe: an append is out and unanswered.
    var probeSent = false
    /// In replicate: the last index of each append in flight, oldest first.
    private(set) var inflight: [LogIndex] = []
    var pendingSnapshotIndex: LogIndex = 0
    var ticksInSnapshotState = 0
    /// Heard from during the current check-quorum window.
    var recentActive = false
    var consecutiveActiveWindows = 0
    var ticksSinceContact = 0
    /// This leader has had an answer from the member. Until then `ticksSinceContact` counts from
    /// the election, not from a message, so it says nothing about whether the member is alive.
    var heardThisTerm = false
    /// The highest ReadIndex round this member has confirmed.
    var readRoundAcked: UInt64 = 0
    /// With a deferred commit notice: the highest commit index sent to this member.
    var commitSent: LogIndex = 0
    /// The last entry this member forwarded whose commit it has not been told of; 0 when none.
    var forwardedUpTo: LogIndex = 0

    init(next: LogIndex) {
        self.next = next
    }

    /// Holds entries that `committed` covers without having been sent a commit index that says so.
    func lacksCommit(_ committed: LogIndex) -> Bool {
        commitSent < min(match, committed)
    }

    func isPaused(maxInflight: Int) -> Bool {
        switch state {
        case .probe: probeSent
        case .replicate: inflight.count >= maxInflight
        case .snapshot: true
        }
    }

    mutating func becomeProbe() {
        if state == .snapshot {
            next = max(match + 1, pendingSnapshotIndex + 1)
        } else {
            next = match + 1
        }
        state = .probe
        probeSent = false
        inflight.removeAll()
        pendingSnapshotIndex = 0
    }

    mutating func becomeReplicate() {
        state = .replicate
        next = match + 1
        probeSent = false
        inflight.removeAll()
    }

    mutating func becomeSnapshot(index: LogIndex) {
        state = .snapshot
        pendingSnapshotIndex = index
        ticksInSnapshotState = 0
        inflight.removeAll()
    }

    /// Records that an append ending at `lastIndex` went out.
    mutating func sent(lastIndex: LogIndex, entryCount: Int) {
        switch state {
        case .replicate:
            if entryCount > 0 {
                next = lastIndex + 1
                inflight.append(lastIndex)
            }
        case .probe:
            probeSent = true
        case .snapshot:
            break
        }
    }

    /// Returns false when the acknowledgement is stale.
    mutating func acknowledge(matchIndex: LogIndex) -> Bool {
        var updated = false
        if matchIndex > match {
            match = matchIndex
            updated = true
            probeSent = false
        }
        next = max(next, matchIndex + 1)
        inflight.removeAll { $0 <= matchIndex }
        return updated
    }

    /// A rejection: step `next` back. Returns false when the rejection is stale.
    mutating func reject(rejectedIndex: LogIndex, nextProbe: LogIndex) -> Bool {
        if state == .replicate {
            guard rejectedIndex > match else { return false }
            becomeProbe()
            return true
        }
        guard next - 1 == rejectedIndex else { return false }
        next = max(min(rejectedIndex, nextProbe + 1), match + 1)
        probeSent = false
        return true
    }

    /// Lets one more append through when every slot is taken by appends that may have been lost.
    mutating func freeOldestInflight() {
        if !inflight.isEmpty { inflight.removeFirst() }
    }
}
