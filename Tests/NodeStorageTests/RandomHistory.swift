import Consensus

/// One step of a follower-like history: what a core could ask its storage to do.
enum StorageStep {
    case persist(PersistWork)
    case saveSnapshot(Snapshot)
    case reopen
}

/// Generates plausible storage steps from a seed, against a model `DurableState`: appends that
/// truncate uncommitted suffixes, received snapshots that replace the log, hard-state changes,
/// local compactions, empty works and reopenings. Every state it leads to is one a core accepts
/// (`defect == nil`), because `load` refuses the others.
struct RandomHistory {
    private var random: SeededRandom
    private(set) var model: DurableState
    /// How often each interesting case came up, so the test can prove it was exercised.
    private(set) var truncations = 0
    private(set) var receivedSnapshots = 0
    private(set) var compactions = 0

    init(seed: UInt64, start: DurableState) {
        random = SeededRandom(seed: seed)
        model = start
    }

    private static let ids: [NodeID] = [1, 2, 3, 4, 5, 1 << 63, .max]

    private var lastIndex: LogIndex { model.snapshot.index + LogIndex(model.entries.count) }

    private func term(at index: LogIndex) -> Term {
        index == model.snapshot.index ? model.snapshot.term : model.entries[Int(index - model.snapshot.index - 1)].term
    }

    mutating func next() -> StorageStep {
        let roll = Int.random(in: 0..<100, using: &random)
        let step: StorageStep =
            switch roll {
            case 0..<45: .persist(append())
            case 45..<60: .persist(PersistWork(hardState: changedHardState()))
            case 60..<68: .persist(receivedSnapshot())
            case 68..<80: .saveSnapshot(localSnapshot())
            case 80..<88: .persist(PersistWork())
            default: .reopen
            }
        switch step {
        case .persist(let work):
            if let first = work.entries.first, first.index <= lastIndex { truncations += 1 }
            if work.snapshot != nil { receivedSnapshots += 1 }
            model.apply(work)
        case .saveSnapshot(let snapshot):
            if snapshot.index > model.snapshot.index { compactions += 1 }
            model.compact(to: snapshot)
        case .reopen: break
        }
        return step
    }

    /// New entries from just after the commit at the earliest: a core never truncates what is committed.
    private mutating func append() -> PersistWork {
        let last = lastIndex
        let earliest = max(model.hardState.commit, model.snapshot.index, last >= 5 ? last - 5 : 0) + 1
        let first = LogIndex.random(in: earliest...last + 1, using: &random)
        var hardState = model.hardState
        if Int.random(in: 0..<5, using: &random) == 0 { hardState.term += 1 }
        let count = Int.random(in: 0..<20, using: &random) == 0 ? Int.random(in: 20...120, using: &random) : Int.random(in: 1...8, using: &random)
        var entryTerm = Term.random(in: term(at: first - 1)...max(term(at: first - 1), hardState.term), using: &random)
        var entries: [Entry] = []
        for offset in 0..<count {
            if Bool.random(using: &random), entryTerm < hardState.term, Int.random(in: 0..<4, using: &random) == 0 { entryTerm += 1 }
            entries.append(Entry(term: entryTerm, index: first + LogIndex(offset), payload: payload()))
        }
        let newLast = first + LogIndex(count) - 1
        hardState.commit = LogIndex.random(in: hardState.commit...newLast, using: &random)
        return PersistWork(hardState: hardState == model.hardState ? nil : hardState, entries: entries)
    }

    private mutating func changedHardState() -> HardState {
        var hardState = model.hardState
        if Bool.random(using: &random) { hardState.term += 1 }
        hardState.vote = Bool.random(using: &random) ? Self.ids.randomElement(using: &random) : nil
        hardState.commit = LogIndex.random(in: hardState.commit...max(hardState.commit, lastIndex), using: &random)
        return hardState
    }

    /// A leader's snapshot beyond the commit: it replaces the whole log, maybe followed by entries.
    private mutating func receivedSnapshot() -> PersistWork {
        var hardState = model.hardState
        hardState.term += Term.random(in: 0...1, using: &random)
        let index = LogIndex.random(in: hardState.commit + 1...lastIndex + 10, using: &random)
        let snapshot = Snapshot(
            index: index, term: Term.random(in: model.snapshot.term...hardState.term, using: &random),
            membership: membership(), data: bytes(maxCount: 64))
        let entries = Bool.random(using: &random)
            ? (0..<Int.random(in: 1...4, using: &random)).map {
                Entry(term: hardState.term, index: index + 1 + LogIndex($0), payload: payload())
            } : []
        hardState.commit = index
        return PersistWork(hardState: hardState, snapshot: snapshot, entries: entries)
    }

    /// A snapshot of the applied state: usually up to some committed index, now and then one that
    /// is not newer than the stored one, which must change nothing.
    private mutating func localSnapshot() -> Snapshot {
        let floor = model.snapshot.index
        let index = Int.random(in: 0..<5, using: &random) == 0
            ? LogIndex.random(in: 0...floor, using: &random)
            : LogIndex.random(in: floor...max(floor, model.hardState.commit), using: &random)
        let snapshotTerm = index >= floor && index <= lastIndex ? term(at: index) : model.snapshot.term
        return Snapshot(index: index, term: snapshotTerm, membership: membership(), data: bytes(maxCount: 256))
    }

    private mutating func payload() -> EntryPayload {
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<3: .noop
        case 3..<5: .membership(membership())
        default: .command(bytes(maxCount: 48))
        }
    }

    private mutating func membership() -> Membership {
        let voters = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.ids.randomElement(using: &random)! }
        let learners = (0..<Int.random(in: 0...2, using: &random)).map { _ in Self.ids.randomElement(using: &random)! }
        return Membership(voters: voters, learners: learners)
    }

    private mutating func bytes(maxCount: Int) -> [UInt8] {
        (0..<Int.random(in: 0...maxCount, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
}
