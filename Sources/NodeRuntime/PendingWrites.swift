import Consensus

/// Client writes waiting for their entries. The application answers a write when it applies the
/// write's request (`resolve`); what it cannot see is a write the log lost: an index the leader
/// appended the write at, applied with another term, means a newer leader replaced it (the client
/// may retry: deduplication makes that safe). Past its deadline a write is answered as timed out
/// rather than left hanging. Bounded, and driven by ticks rather than a clock, so its rules are
/// tested without waiting.
public struct PendingWrites: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Its index was applied with its term but the application gave no answer for it.
        case applied
        case replacedByNewerLeader
        case timedOut
    }

    public struct Resolution: Sendable, Equatable {
        public var id: UInt64
        public var outcome: Outcome

        public init(id: UInt64, outcome: Outcome) {
            self.id = id
            self.outcome = outcome
        }
    }

    private struct Waiter: Sendable {
        var index: LogIndex?
        var term: Term
        var deadlineMs: UInt64
    }

    public let capacity: Int
    private var waiting: [UInt64: Waiter] = [:]
    private var idAtIndex: [LogIndex: UInt64] = [:]

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { waiting.count }

    /// Registers write `id`, appended at `index` in `term` by this node as leader, or forwarded to
    /// the leader (`index` nil: only `resolve` or the deadline answer it). False when full (answer
    /// "busy") or when the id or index is already waiting.
    public mutating func add(id: UInt64, index: LogIndex?, term: Term, deadlineMs: UInt64) -> Bool {
        guard waiting.count < capacity, waiting[id] == nil else { return false }
        if let index {
            guard idAtIndex[index] == nil else { return false }
            idAtIndex[index] = id
        }
        waiting[id] = Waiter(index: index, term: term, deadlineMs: deadlineMs)
        return true
    }

    /// Removes the write waiting at `index`, if any: a new leader term of this node is about to
    /// append there, so the old write was truncated from the log before it applied.
    public mutating func evict(at index: LogIndex) -> UInt64? {
        guard let id = idAtIndex[index] else { return nil }
        _ = resolve(id: id)
        return id
    }

    /// The application answered write `id`; false if it was not waiting (already answered).
    public mutating func resolve(id: UInt64) -> Bool {
        guard let waiter = waiting.removeValue(forKey: id) else { return false }
        if let index = waiter.index { idAtIndex[index] = nil }
        return true
    }

    /// Resolves the writes whose indexes these applied entries occupy and that `resolve` has not
    /// answered: call it after the application's answers for the same entries.
    public mutating func applied(_ entries: [Entry]) -> [Resolution] {
        guard !idAtIndex.isEmpty else { return [] }
        return entries.compactMap { entry in
            guard let id = idAtIndex.removeValue(forKey: entry.index), let waiter = waiting.removeValue(forKey: id)
            else { return nil }
            return Resolution(id: id, outcome: waiter.term == entry.term ? .applied : .replacedByNewerLeader)
        }
    }

    /// Answers every write whose deadline has passed.
    public mutating func expire(atMs now: UInt64) -> [Resolution] {
        let expired = waiting.filter { $0.value.deadlineMs <= now }.keys.sorted()
        return expired.map { id in
            _ = resolve(id: id)
            return Resolution(id: id, outcome: .timedOut)
        }
    }

    /// Gives up on every waiting write (the node lost its leader); returns their ids.
    public mutating func removeAll() -> [UInt64] {
        defer {
            waiting = [:]
            idAtIndex = [:]
        }
        return waiting.keys.sorted()
    }
}
