/// The in-memory log: the latest snapshot, the entries after it, and how far they are
/// committed, persisted and handed out for apply. It does no I/O; the shell persists what
/// `takeUnstable()` gives it.
struct RaftLog: Sendable {
    private(set) var snapshot: Snapshot
    /// `entries[i].index == snapshot.index + 1 + i`.
    private(set) var entries: [Entry]
    private(set) var committed: LogIndex
    /// The highest index handed to the application (through a snapshot or entries).
    private(set) var applied: LogIndex
    /// The first index not yet handed to the shell for persisting.
    private(set) var unstableFrom: LogIndex

    init(snapshot: Snapshot, entries: [Entry], committed: LogIndex, applied: LogIndex) {
        self.snapshot = snapshot
        self.entries = entries
        self.committed = max(committed, snapshot.index)
        self.applied = min(max(applied, snapshot.index), self.committed)
        self.unstableFrom = snapshot.index + UInt64(entries.count) + 1
    }

    var firstIndex: LogIndex { snapshot.index + 1 }
    var lastIndex: LogIndex { snapshot.index + UInt64(entries.count) }
    var lastTerm: Term { entries.last?.term ?? snapshot.term }

    /// The term of the entry at `index`, or nil when it is compacted away or not yet there.
    func term(at index: LogIndex) -> Term? {
        if index == snapshot.index { return snapshot.term }
        guard index > snapshot.index, index <= lastIndex else { return nil }
        return entries[Int(index - snapshot.index - 1)].term
    }

    func entry(at index: LogIndex) -> Entry? {
        guard index > snapshot.index, index <= lastIndex else { return nil }
        return entries[Int(index - snapshot.index - 1)]
    }

    func matches(index: LogIndex, term: Term) -> Bool {
        self.term(at: index) == term
    }

    /// §5.4.1: a candidate's log is at least as up to date as ours.
    func isUpToDate(lastIndex candidateIndex: LogIndex, lastTerm candidateTerm: Term) -> Bool {
        candidateTerm > lastTerm || (candidateTerm == lastTerm && candidateIndex >= lastIndex)
    }

    /// Entries from `index` on, at most `maxCount` of them and about `maxBytes` (always at least one).
    func entries(from index: LogIndex, maxCount: Int, maxBytes: Int) -> ArraySlice<Entry> {
        guard index > snapshot.index, index <= lastIndex else { return [] }
        let start = Int(index - snapshot.index - 1)
        var end = min(entries.count, start + maxCount)
        var bytes = 0
        for position in start..<end {
            bytes += entries[position].payload.byteCount
            if bytes > maxBytes && position > start {
                end = position
                break
            }
        }
        return entries[start..<end]
    }

    /// The largest index at or below `index` whose term is at most `term`, with that term:
    /// the leader skips every entry of a conflicting term in one step.
    func conflictHint(atOrBelow index: LogIndex, term: Term) -> (index: LogIndex, term: Term) {
        var position = min(index, lastIndex)
        while position > snapshot.index, let found = self.term(at: position), found > term {
            position -= 1
        }
        return (position, self.term(at: position) ?? 0)
    }

    mutating func appendAsLeader(_ entry: Entry) {
        entries.append(entry)
    }

    /// Appends a leader's entries after `previousIndex`, cutting our log at the first conflict.
    /// Returns the first index that was cut, if any, so the caller can check it was not committed.
    mutating func appendFromLeader(after previousIndex: LogIndex, _ newEntries: ArraySlice<Entry>) -> LogIndex? {
        var truncatedFrom: LogIndex?
        for entry in newEntries {
            if let existing = term(at: entry.index) {
                if existing == entry.term { continue }
                truncatedFrom = truncatedFrom ?? entry.index
                entries.removeLast(Int(lastIndex - entry.index + 1))
            }
            guard entry.index == lastIndex + 1 else { continue }
            entries.append(entry)
            unstableFrom = min(unstableFrom, entry.index)
        }
        return truncatedFrom
    }

    mutating func commit(to index: LogIndex) {
        committed = max(committed, min(index, lastIndex))
    }

    /// Committed entries not yet handed out, at most `maxCount`; `unsafeUpTo` is only for a planted bug.
    mutating func takeCommitted(maxCount: Int, unsafeUpTo: LogIndex? = nil) -> [Entry] {
        let target = min(unsafeUpTo ?? committed, applied + UInt64(maxCount), lastIndex)
        guard target > applied else { return [] }
        let batch = Array(entries[Int(applied - snapshot.index)..<Int(target - snapshot.index)])
        applied = target
        return batch
    }

    mutating func takeUnstable() -> [Entry] {
        guard unstableFrom <= lastIndex else { return [] }
        let batch = Array(entries[Int(max(unstableFrom, firstIndex) - firstIndex)...])
        unstableFrom = lastIndex + 1
        return batch
    }

    var hasUnstable: Bool { unstableFrom <= lastIndex }

    /// Replaces everything with a snapshot received from the leader.
    mutating func restore(_ received: Snapshot) {
        snapshot = received
        entries.removeAll()
        committed = received.index
        applied = received.index
        unstableFrom = received.index + 1
    }

    /// The data of a snapshot compacted without it, taken since at the same index.
    mutating func attachSnapshotData(_ data: [UInt8], at index: LogIndex) {
        precondition(snapshot.takesData(data, at: index), "only a snapshot compacted without data gets it later, at its index")
        snapshot.data = data
    }

    /// Drops entries up to a snapshot the application took of its own applied state.
    mutating func compact(to taken: Snapshot) {
        guard taken.index > snapshot.index, taken.index <= applied else { return }
        entries.removeFirst(Int(taken.index - snapshot.index))
        snapshot = taken
    }
}
