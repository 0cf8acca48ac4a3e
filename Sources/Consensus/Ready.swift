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
    private let outbox: Outbox

    init(softState: SoftState?, persist: PersistWork, outbox: Outbox) {
        self.softState = softState
        self.persist = persist
        self.outbox = outbox
    }

    /// Call once `persist` is durable.
    public func persisted() -> Outbox { outbox }
}
