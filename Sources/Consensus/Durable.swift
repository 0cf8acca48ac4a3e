/// What must be on disk before any message that depends on it leaves the node.
public struct HardState: Sendable, Equatable {
    public var term: Term
    public var vote: NodeID?
    public var commit: LogIndex

    public init(term: Term = 0, vote: NodeID? = nil, commit: LogIndex = 0) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }
}

/// A consistent copy of the application state up to and including `index`, with the membership
/// in force there. Index 0 is the empty snapshot every log starts from.
public struct Snapshot: Sendable, Equatable {
    public var index: LogIndex
    public var term: Term
    public var membership: Membership
    public var data: [UInt8]

    public init(index: LogIndex, term: Term, membership: Membership, data: [UInt8]) {
        self.index = index
        self.term = term
        self.membership = membership
        self.data = data
    }

    public static let empty = Snapshot(index: 0, term: 0, membership: .empty, data: [])

    /// Compacted without a copy of the state (`RaftNode.compact(through:data:)` with no data): it
    /// cannot be sent until the data is handed over at its index.
    public var lacksData: Bool { index > 0 && data.isEmpty }

    /// Whether `data`, given at `index`, is this snapshot's, handed over after a compaction without it.
    func takesData(_ data: [UInt8], at index: LogIndex) -> Bool {
        lacksData && index == self.index && !data.isEmpty
    }
}

/// Everything a core restarts from: exactly what its shell made durable.
public struct DurableState: Sendable, Equatable {
    public var hardState: HardState
    public var snapshot: Snapshot
    /// The entries after `snapshot.index`, contiguous.
    public var entries: [Entry]

    public init(hardState: HardState, snapshot: Snapshot, entries: [Entry]) {
        self.hardState = hardState
        self.snapshot = snapshot
        self.entries = entries
    }

    /// A node that joins an existing cluster: it learns everything from the leader.
    public static let joining = DurableState(hardState: HardState(), snapshot: .empty, entries: [])

    /// The identical first state of every founding voter: one membership entry at index 1,
    /// committed, because every founder holds it before anything else happens.
    public static func bootstrap(voters: [NodeID]) -> DurableState {
        let first = Entry(term: 1, index: 1, payload: .membership(Membership(voters: voters)))
        return DurableState(hardState: HardState(term: 1, vote: nil, commit: 1), snapshot: .empty, entries: [first])
    }

    /// Persists `work` the way a storage engine must: snapshot first, then the entries (which
    /// replace any entries from their first index on), then the hard state.
    public mutating func apply(_ work: PersistWork) {
        if let snapshot = work.snapshot {
            self.snapshot = snapshot
            entries.removeAll()
        }
        if let first = work.entries.first {
            entries.removeAll { $0.index >= first.index }
            entries.append(contentsOf: work.entries)
        }
        if let hardState = work.hardState {
            self.hardState = hardState
        }
    }

    /// Drops the entries a new local snapshot covers; at the same index, takes the data of a
    /// snapshot compacted without it (`RaftNode.compact(through:data:)`).
    public mutating func compact(to snapshot: Snapshot) {
        if self.snapshot.takesData(snapshot.data, at: snapshot.index) {
            self.snapshot.data = snapshot.data
            return
        }
        guard snapshot.index > self.snapshot.index else { return }
        self.snapshot = snapshot
        entries.removeAll { $0.index <= snapshot.index }
    }

    /// Why this state cannot be restarted from, or nil when it can.
    public var defect: String? {
        var expected = snapshot.index + 1
        var previousTerm = snapshot.term
        for entry in entries {
            if entry.index != expected { return "log entry \(entry.index) found where \(expected) was expected" }
            if entry.term > hardState.term { return "log entry \(entry.index) has term \(entry.term) above the hard state's \(hardState.term)" }
            if entry.term < previousTerm { return "log entry \(entry.index) has term \(entry.term) below the \(previousTerm) before it" }
            previousTerm = entry.term
            expected += 1
        }
        if hardState.commit > snapshot.index + UInt64(entries.count) {
            return "commit index \(hardState.commit) is beyond the last entry \(snapshot.index + UInt64(entries.count))"
        }
        return nil
    }
}
