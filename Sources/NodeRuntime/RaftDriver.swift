import Consensus
import NodeStorage

/// Drives one core against real storage: the effects of its inputs are carried out as `Ready`s in
/// order (persist in one transaction, then send, then apply in the transaction that records the
/// applied index; a leader's appends go before its persist). An input on its own is carried out at
/// once; inside `turn`, every input only steps the core, and the turn's effects are carried out
/// together at its end: one persist and one fsync for all its entries and hard state, one apply
/// transaction for all it committed (etcd's and hashicorp/raft's group commit). The node's loop
/// owns it and is the only thread that touches the core; with `persistsInBackground` the persists
/// alone run on a storage thread, in order, while the loop steps the next inputs, and nothing that
/// depends on a persist is sent or applied before it is durable. Only a leader's persists go there:
/// a follower's are carried out on the loop, once none taken earlier is still under way (see
/// `carryOutOverlapping`).
public final class RaftDriver {
    public private(set) var core: RaftNode
    private let store: NodeStore
    private let application: any ApplicationState
    private let sender: any MessageSender
    /// The node compacts its log once this many entries are applied past the last snapshot, or
    /// once the entries applied since it carry this many bytes.
    private let compactEveryEntries: UInt64
    private let compactEveryBytes: Int
    private var appliedBytesSinceSnapshot = 0
    /// The index the store's state has applied: behind the core's `appliedIndex` while `Ready`s
    /// whose committed entries the core handed over wait on the storage thread. Reads are served
    /// from the store, so they wait for this. A compaction without a copy of the state goes no
    /// further: the entries past it must stay to rebuild it.
    public private(set) var appliedIndexInStore: LogIndex
    private let snapshots = SnapshotTaker()
    private let snapshotsInBackground: Bool
    /// After a failed snapshot the next waits for a tenth as many entries again, not a moment:
    /// a full disk must not be met with back-to-back copies of the whole state.
    private var nextSnapshotAttemptIndex: LogIndex = 0
    /// Whether log entries a snapshot covers may still be stored: true at start, since a node
    /// stopped while trimming leaves some.
    private var compactedEntriesLeft = true
    /// Whether this turn trimmed them already, inside an apply's transaction: a trim in a
    /// transaction of its own costs its commit and statements again (2.7 % of the 128-client
    /// throughput went to trimming).
    private var trimmedThisTurn = false
    /// Entries a snapshot covers are deleted this many per turn (`NodeStore.trimCompactedEntries`):
    /// about a millisecond, and more than a turn appends even at 128 clients (about 70).
    static let maxEntriesTrimmedPerTurn = 512

    /// What the inputs since the last call produced for the node's clients.
    public struct Progress: Sendable, Equatable {
        public var applied: [Entry] = []
        public var readStates: [ReadState] = []
        public var softState: SoftState?
        /// A snapshot from the leader that replaced the application state: its index and size.
        public var restoredSnapshot: RestoredSnapshot?
        /// How long each transaction that made Raft state durable took, fsync included.
        public var persistMicroseconds: [UInt64] = []
        /// Log entries made durable by each of those transactions (0 for term or vote alone).
        public var entriesPerPersist: [Int] = []
        /// Entries applied by each apply transaction.
        public var entriesPerApply: [Int] = []
        /// A snapshot taken in the background that could not be written: no compaction this
        /// time, the next one is tried a tenth of `compactEveryEntries` later.
        public var snapshotFailure: String?
        /// The index of the snapshot this node took and compacted its log to.
        public var compactedAt: LogIndex?
    }

    public struct RestoredSnapshot: Sendable, Equatable {
        public var index: LogIndex
        public var bytes: Int
    }

    private var progress = Progress()
    /// Runs before each persist (a drill's slow disk); nil in production.
    private let beforePersist: (@Sendable () -> Void)?
    /// Runs inside each apply transaction once the application has applied its entries, before
    /// the transaction commits: where the node answers its clients. The entries are committed on
    /// a quorum of durable logs, so an answer may leave before the apply is durable: a crash
    /// before its commit replays the same entries to the same answers.
    public var applied: (() -> Void)?
    /// Inside `turn`: inputs step the core and wait for the turn's end to be carried out.
    private var inTurn = false
    /// With a storage thread: the `Ready`s taken and not yet finished, oldest first.
    private let persistWorker: PersistWorker?
    private var taken: [Taken] = []
    static let maxPersistsInFlight = 8
    static let maxEntriesPersistedInline = 1

    /// The descriptor that turns readable when the storage thread finished a persist: the loop
    /// polls it with its sockets and then ends its turn, which finishes what became durable.
    public var persistFinishedSignal: Int32? { persistWorker?.wake.fileDescriptor }

    /// Restarts from what `store` holds; a fresh store of a founding voter is bootstrapped first.
    public init(
        configuration: RaftConfiguration, store: NodeStore, application: any ApplicationState,
        sender: any MessageSender, foundingVoters: [NodeID]?, randomSeed: UInt64, compactEveryEntries: Int = 100_000,
        compactEveryBytes: Int = 64 << 20, snapshotsInBackground: Bool = true, persistsInBackground: Bool = false,
        beforePersist: (@Sendable () -> Void)? = nil
    ) throws {
        if let foundingVoters { try store.bootstrapIfEmpty(voters: foundingVoters) }
        let (durable, applied) = try store.load()
        try store.apply(upTo: applied) { db in try application.prepare(in: db) }
        appliedIndexInStore = applied
        core = try RaftNode(
            configuration: configuration, restoring: durable, appliedIndex: applied, random: SeededRandom(seed: randomSeed))
        self.store = store
        self.application = application
        self.sender = sender
        self.compactEveryEntries = UInt64(max(1, compactEveryEntries))
        self.compactEveryBytes = max(1, compactEveryBytes)
        appliedBytesSinceSnapshot = durable.entries.reduce(0) { $0 + ($1.index <= applied ? $1.payload.byteCount : 0) }
        self.snapshotsInBackground = snapshotsInBackground
        self.beforePersist = beforePersist
        persistWorker = persistsInBackground ? PersistWorker(store: store, wake: try WakeSignal(), beforePersist: beforePersist) : nil
        try carryOut()
    }

    public func tick() throws {
        core.tick()
        try carryOutUnlessInTurn()
    }

    public func receive(_ message: Message) throws {
        core.step(message)
        try carryOutUnlessInTurn()
    }

    /// Runs an input on the core (a proposal, a read, an admin request), then carries out its effects.
    public func perform<Result>(_ input: (inout RaftNode) -> Result) throws -> Result {
        let result = input(&core)
        try carryOutUnlessInTurn()
        return result
    }

    /// One turn of the node's loop: `body` steps every input that is ready into the core, then all
    /// their effects are carried out at once. The core holds them meanwhile, so nothing leaves
    /// before the persist it depends on; the loop bounds what one turn takes in.
    public func turn<Result>(_ body: () throws -> Result) throws -> Result {
        precondition(!inTurn, "a turn does not nest")
        inTurn = true
        let result: Result
        do {
            result = try body()
        } catch {
            inTurn = false
            throw error
        }
        inTurn = false
        try carryOut()
        return result
    }

    private func carryOutUnlessInTurn() throws {
        if !inTurn { try carryOut() }
    }

    /// Hands over what was applied, read or changed since the last call.
    public func takeProgress() -> Progress {
        defer { progress = Progress() }
        return progress
    }

    private func carryOut() throws {
        if let persistWorker { return try carryOutOverlapping(persistWorker) }
        while let ready = core.takeReady() {
            let sentEarly = sendEarly(ready)
            // A new commit index alone needs no fsync: it is written with the entries it commits.
            if ready.mustSync { try persistInline(ready) }
            try finish(ready, sentEarly: sentEarly, relaxed: ready.mustSync ? PersistWork() : ready.persist)
        }
        try compactIfDue()
    }

    private func persistInline(_ ready: Ready) throws {
        beforePersist?()
        if let micros = try store.persist(ready.persist) { recordPersist(micros: micros, entries: ready.persist.entries.count) }
    }

    /// New entries get moving first: the leader's appends travel while its own fsync runs.
    /// Returns whether this Ready's messages went.
    private func sendEarly(_ ready: Ready) -> Bool {
        guard !ready.persist.entries.isEmpty, let early = ready.messagesBeforePersist else { return false }
        if !early.isEmpty { sender.send(early) }
        return true
    }

    private func recordPersist(micros: UInt64, entries: Int) {
        progress.persistMicroseconds.append(micros)
        progress.entriesPerPersist.append(entries)
    }

    /// What follows a `Ready`'s persist: report it to the core, send, restore, apply (writing
    /// `relaxed`, work that needed no fsync, in the apply's transaction), serve reads.
    private func finish(_ ready: Ready, sentEarly: Bool, relaxed: PersistWork) throws {
        let outbox = ready.persisted()
        core.persisted(ready.persist)
        var unsent = sentEarly ? [] : outbox.messages
        // With nothing new to replicate, the messages (mostly a new commit index) wait until
        // the entries are applied: followers applying the same entries at once would take the
        // cores the leader needs to apply and answer.
        if !ready.persist.entries.isEmpty || outbox.committedEntries.isEmpty {
            if !unsent.isEmpty { sender.send(unsent) }
            unsent = []
        }
        if let snapshot = outbox.restore {
            try store.apply(upTo: snapshot.index) { db in try application.restore(snapshot.data, in: db) }
            appliedIndexInStore = snapshot.index
            progress.restoredSnapshot = RestoredSnapshot(index: snapshot.index, bytes: snapshot.data.count)
            appliedBytesSinceSnapshot = 0
        }
        if let last = outbox.committedEntries.last {
            let trim = compactedEntriesLeft && !trimmedThisTurn
            let entriesLeft = try store.apply(upTo: last.index, persisting: relaxed) { db -> Bool? in
                try application.apply(outbox.committedEntries, in: db)
                applied?()
                return trim ? try store.trimCompactedEntries(maxCount: Self.maxEntriesTrimmedPerTurn, in: db) : nil
            }
            if let entriesLeft {
                compactedEntriesLeft = entriesLeft
                trimmedThisTurn = true
            }
            appliedIndexInStore = last.index
            progress.applied += outbox.committedEntries
            progress.entriesPerApply.append(outbox.committedEntries.count)
            appliedBytesSinceSnapshot += outbox.committedEntries.reduce(0) { $0 + $1.payload.byteCount }
        } else if !relaxed.isEmpty {
            try store.persist(relaxed)
        }
        if !unsent.isEmpty { sender.send(unsent) }
        progress.readStates += outbox.readStates
        if let softState = ready.softState { progress.softState = softState }
    }

    /// A `Ready` taken whose persist may still be under way on the storage thread.
    private struct Taken {
        var ready: Ready
        var sentEarly: Bool
        /// Submitted to the storage thread; false when it had nothing to persist.
        var submitted: Bool
        var durable = false
    }

    /// The persists run on the storage thread while the core steps on; each `Ready` is finished
    /// (sent, applied) once its own persist and every earlier one are durable, in order. A `Ready`
    /// that changes the term or vote, or installs a snapshot, is waited for before the next one
    /// is taken (`nextMayOverlap`), and at most `maxPersistsInFlight` are under way.
    private func carryOutOverlapping(_ worker: PersistWorker) throws {
        var moved = true
        while moved {
            moved = try finishDurable(worker)
            while taken.count < Self.maxPersistsInFlight, taken.last?.ready.nextMayOverlap != false,
                let ready = core.takeReady()
            {
                moved = true
                let sentEarly = sendEarly(ready)
                // With nothing under way, a lone entry is persisted here: handing it to the storage
                // thread and back costs more than the overlap gains when no other input waits. So
                // does every persist of a node that does not lead: its answers wait for the fsync
                // either way, and waking the loop after it added half a millisecond to each round
                // trip at 128 clients (BENCHMARKS.md, tenth session on issue 13).
                if taken.isEmpty && (ready.persist.entries.count <= Self.maxEntriesPersistedInline || core.role != .leader) {
                    if ready.mustSync { try persistInline(ready) }
                    try finish(ready, sentEarly: sentEarly, relaxed: ready.mustSync ? PersistWork() : ready.persist)
                    continue
                }
                let submitted = !ready.persist.isEmpty
                if submitted { worker.submit(ready.persist, mustSync: ready.mustSync) }
                taken.append(Taken(ready: ready, sentEarly: sentEarly, submitted: submitted))
            }
            if taken.last?.ready.nextMayOverlap == false || taken.count >= Self.maxPersistsInFlight {
                worker.waitForAll()
                moved = true
            }
        }
        try compactIfDue()
    }

    /// Marks what the storage thread finished and finishes the `Ready`s at the head of the line
    /// whose persists are durable. Returns whether any was.
    private func finishDurable(_ worker: PersistWorker) throws -> Bool {
        for outcome in worker.collect() {
            guard let position = taken.firstIndex(where: { $0.submitted && !$0.durable }) else {
                preconditionFailure("a persist finished that was never submitted")
            }
            if let fsync = try outcome.get() { recordPersist(micros: fsync.micros, entries: fsync.entries) }
            taken[position].durable = true
        }
        var finished = false
        while let head = taken.first, head.durable || !head.submitted {
            taken.removeFirst()
            try finish(head.ready, sentEarly: head.sentEarly, relaxed: PersistWork())
            finished = true
        }
        return finished
    }

    /// Waits for every persist under way and finishes what it made durable: before the store
    /// closes, so that nothing submitted is cut short.
    public func finishPersists() throws {
        guard let persistWorker, !taken.isEmpty else { return }
        persistWorker.waitForAll()
        _ = try finishDurable(persistWorker)
    }

    /// Waits at most `timeoutMs` for a snapshot being taken (before closing the store); returns
    /// whether none is still running.
    @discardableResult
    public func finishSnapshot(timeoutMs: Int) -> Bool {
        snapshots.wait(timeoutMs: timeoutMs)
    }

    /// Compacts the log once enough entries were applied, without copying the state: it is durable
    /// in the store at the applied index, as etcd's backend is. The copy (seconds of a core on every
    /// node at a million tickets, and a read transaction that holds back the WAL's checkpoints) is
    /// taken in the background only when a follower needs it, and handed to the core when ready
    /// (which refuses it if a leader's snapshot or a later compaction overtook it).
    private func compactIfDue() throws {
        if compactedEntriesLeft && !trimmedThisTurn {
            compactedEntriesLeft = try store.trimCompactedEntries(maxCount: Self.maxEntriesTrimmedPerTurn)
        }
        trimmedThisTurn = false
        switch snapshots.collect() {
        case .success(let taken): try compact(with: taken)
        case .failure(let error):
            progress.snapshotFailure = "\(error)"
            nextSnapshotAttemptIndex = core.appliedIndex + max(1, compactEveryEntries / 10)
        case nil: break
        }
        let due = core.appliedIndex >= core.snapshotIndex + compactEveryEntries || appliedBytesSinceSnapshot >= compactEveryBytes
        if due, appliedIndexInStore > core.snapshotIndex, let snapshot = core.compact(through: appliedIndexInStore, data: []) {
            appliedBytesSinceSnapshot = 0
            // Stored with an fsync, which also makes the applies before it durable: the entries
            // it covers are deleted only once the state they built cannot be lost.
            try store.saveSnapshot(snapshot)
            compactedEntriesLeft = true
            progress.compactedAt = snapshot.index
        }
        guard core.snapshotDataWanted, core.appliedIndex >= nextSnapshotAttemptIndex, !snapshots.isBusy else { return }
        let store = self.store
        let application = type(of: self.application)
        let take: @Sendable () throws -> SnapshotTaker.Taken = {
            let read = try store.readWithAppliedIndex { db in try application.snapshot(in: db) }
            return (read.appliedIndex, read.value, try store.writeSnapshotFile(index: read.appliedIndex, data: read.value))
        }
        if snapshotsInBackground { snapshots.start(take) } else { try compact(with: try take()) }
    }

    /// Only the row naming the file is written here, on the loop. A snapshot the core refuses
    /// leaves an orphan file, which the next save removes.
    private func compact(with taken: SnapshotTaker.Taken) throws {
        guard let snapshot = core.compact(through: taken.index, data: taken.data) else { return }
        try store.saveSnapshot(snapshot, file: taken.file)
        compactedEntriesLeft = true
        progress.compactedAt = snapshot.index
    }
}
