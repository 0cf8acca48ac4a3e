import Consensus

/// Linearizable reads waiting for the leader's confirmation (a `ReadState`) and then for this
/// node to apply up to the confirmed index. Bounded; each has a deadline in ticks.
struct PendingReads<Request> {
    private struct Waiter {
        var request: Request
        var deadlineMs: UInt64
        var readIndex: LogIndex?
    }

    let capacity: Int
    private var waiting: [UInt64: Waiter] = [:]
    private var nextContext: UInt64 = 1

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { waiting.count }
    var isFull: Bool { waiting.count >= capacity }

    /// The context to ask the core for; the caller checks `isFull` first.
    mutating func add(_ request: Request, deadlineMs: UInt64) -> UInt64 {
        let context = nextContext
        nextContext += 1
        waiting[context] = Waiter(request: request, deadlineMs: deadlineMs)
        return context
    }

    mutating func cancel(_ context: UInt64) -> Request? {
        waiting.removeValue(forKey: context)?.request
    }

    mutating func confirmed(_ states: [ReadState]) {
        for state in states { waiting[state.context]?.readIndex = state.index }
    }

    /// Reads whose confirmed index is applied, in the order they were asked.
    mutating func ready(appliedIndex: LogIndex) -> [Request] {
        let contexts = waiting.filter { ($0.value.readIndex ?? .max) <= appliedIndex }.keys.sorted()
        return contexts.compactMap { cancel($0) }
    }

    mutating func expire(atMs now: UInt64) -> [Request] {
        let contexts = waiting.filter { $0.value.deadlineMs <= now }.keys.sorted()
        return contexts.compactMap { cancel($0) }
    }

    mutating func removeAll() -> [Request] {
        defer { waiting = [:] }
        return waiting.keys.sorted().compactMap { waiting[$0]?.request }
    }
}
