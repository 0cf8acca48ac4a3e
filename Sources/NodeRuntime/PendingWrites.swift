import Consensus

/// Client writes waiting for their entries. A write is acknowledged only when its entry is
/// applied with the term it was appended in; the same index applied with another term means a
/// newer leader replaced it (the client may retry: deduplication makes that safe); past its
/// deadline it is answered as timed out rather than left hanging. Bounded, and driven by ticks
/// rather than a clock, so its rules are tested without waiting.
public struct PendingWrites: Sendable {
    public enum Outcome: Sendable, Equatable {
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
        var id: UInt64
        var term: Term
        var deadlineTick: UInt64
    }

    public let capacity: Int
    private var waiting: [LogIndex: Waiter] = [:]

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { waiting.count }

    /// Registers a write appended at `index` in `term`; false when full (answer "busy").
    public mutating func add(id: UInt64, index: LogIndex, term: Term, deadlineTick: UInt64) -> Bool {
        guard waiting.count < capacity, waiting[index] == nil else { return false }
        waiting[index] = Waiter(id: id, term: term, deadlineTick: deadlineTick)
        return true
    }

    /// Resolves the writes whose indexes these applied entries occupy.
    public mutating func applied(_ entries: [Entry]) -> [Resolution] {
        guard !waiting.isEmpty else { return [] }
        return entries.compactMap { entry in
            guard let waiter = waiting.removeValue(forKey: entry.index) else { return nil }
            return Resolution(id: waiter.id, outcome: waiter.term == entry.term ? .applied : .replacedByNewerLeader)
        }
    }

    /// Answers every write whose deadline has passed.
    public mutating func expire(atTick now: UInt64) -> [Resolution] {
        let expired = waiting.filter { $0.value.deadlineTick <= now }.sorted { $0.key < $1.key }
        for (index, _) in expired { waiting[index] = nil }
        return expired.map { Resolution(id: $0.value.id, outcome: .timedOut) }
    }
}
