/// Who a node thinks it is and who leads; reported when it changes.
public struct SoftState: Sendable, Equatable {
    public var role: Role
    public var leader: NodeID?
}

public enum Role: String, Sendable, Equatable {
    case follower
    case preCandidate = "pre-candidate"
    case candidate
    case leader
}

/// A confirmed linearizable read: serve it once the state machine has applied `index`.
public struct ReadState: Sendable, Equatable {
    public var context: UInt64
    public var index: LogIndex
}

/// What the shell must make durable, in this order: the snapshot (which replaces the whole log),
/// then the entries (which replace any entries from their first index on), then the hard state.
public struct PersistWork: Sendable, Equatable {
    public var hardState: HardState?
    public var snapshot: Snapshot?
    public var entries: [Entry]

    public init(hardState: HardState? = nil, snapshot: Snapshot? = nil, entries: [Entry] = []) {
        self.hardState = hardState
        self.snapshot = snapshot
        self.entries = entries
    }

    public var isEmpty: Bool { hardState == nil && snapshot == nil && entries.isEmpty }

    /// The log position this work makes durable, for `RaftNode.persisted(through:term:)`: its last
    /// entry, or the snapshot when it carries no entry; nil when it holds neither.
    public var durableThrough: (index: LogIndex, term: Term)? {
        if let last = entries.last { return (last.index, last.term) }
        return snapshot.map { ($0.index, $0.term) }
    }
}

/// What may happen only after the `PersistWork` of the same `Ready` is durable.
public struct Outbox: Sendable {
    /// Messages that may depend on the persisted votes and entries.
    public var messages: [Message]
    /// A snapshot received from the leader: restore the state machine from it before applying.
    public var restore: Snapshot?
    /// Committed entries to apply, in order.
    public var committedEntries: [Entry]
    public var readStates: [ReadState]
}

/// One batch of effects from the core. The types set the order etcd's `Ready` asks for:
/// `persist` first, and only `persisted()` (call it after the fsync) yields what may be sent and applied.
public struct Ready: Sendable {
    public let softState: SoftState?
    public let persist: PersistWork
    /// False when `persist` holds nothing but a new commit index, which the node may lose in a
    /// crash and learn again from the leader (etcd's `MustSync`): a shell may then write it
    /// without an fsync, in one transaction with the entries it applies.
    public let mustSync: Bool
    /// True when the shell may take and step the next `Ready` while this one's persist is still
    /// under way (etcd's asynchronous storage writes): it neither changes the term or vote nor
    /// installs a snapshot, which everything after it must find durable. Persists must then
    /// complete in the order they were taken, and each `persisted()` waits for its own.
    public let nextMayOverlap: Bool
    private let outbox: Outbox
    private let messagesMayPrecedePersist: Bool

    init(
        softState: SoftState?, persist: PersistWork, mustSync: Bool, outbox: Outbox, messagesMayPrecedePersist: Bool,
        nextMayOverlap: Bool
    ) {
        self.softState = softState
        self.persist = persist
        self.mustSync = mustSync
        self.outbox = outbox
        self.messagesMayPrecedePersist = messagesMayPrecedePersist
        self.nextMayOverlap = nextMayOverlap
    }

    /// Call once `persist` is durable, and then report `persist.durableThrough` to the core. When
    /// `mustSync` is false nothing in it must be durable first: the commit index may be written
    /// later, with the entries it commits.
    public func persisted() -> Outbox { outbox }

    /// This Ready's messages when none of them depends on its `persist`, nil otherwise: a leader
    /// whose term and vote are already durable may send its appends while it writes the same
    /// entries to its own disk (Raft thesis §10.2.1), which takes one fsync off every write's path.
    /// A follower acknowledges entries only after they are durable; a leader counts itself only
    /// for entries its shell reported durable, and an entry it sent and then lost in a crash is
    /// one its followers hold, like any entry a follower has and the leader has not. A shell that
    /// sends these early sends nothing of `persisted().messages`, which are the same messages.
    public var messagesBeforePersist: [Message]? { messagesMayPrecedePersist ? outbox.messages : nil }
}
