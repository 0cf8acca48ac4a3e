/// What a log entry carries.
public enum EntryPayload: Sendable, Equatable {
    /// The entry a new leader appends at the start of its term, so that it can commit
    /// earlier terms' entries by counting its own (Raft §5.4.2, §8).
    case noop
    /// An opaque command for the application's state machine.
    case command([UInt8])
    /// The whole new membership; it takes effect when the entry commits.
    case membership(Membership)

    public var byteCount: Int {
        switch self {
        case .noop: 0
        case .command(let bytes): bytes.count
        case .membership(let membership): 8 * (membership.voters.count + membership.learners.count)
        }
    }
}

/// One entry of the replicated log.
public struct Entry: Sendable, Equatable {
    public var term: Term
    public var index: LogIndex
    public var payload: EntryPayload

    public init(term: Term, index: LogIndex, payload: EntryPayload) {
        self.term = term
        self.index = index
        self.payload = payload
    }
}
