import Consensus
import Dispatch
import NodeStorage
import Synchronization

/// Makes `PersistWork` durable on a thread of its own, in the order given, so that the node's loop
/// receives and steps the next inputs while an fsync runs (etcd's asynchronous storage writes).
/// Works that queue up while an fsync runs are persisted together, in one transaction and one
/// fsync: under load the loop hands over a work per turn, faster than the disk syncs them one by
/// one. Each finished group raises `wake`, which the loop polls along with its sockets; `collect`
/// hands the results over in order, one per work submitted.
final class PersistWorker: Sendable {
    /// One fsync: how long it took and how many log entries it made durable.
    struct Fsync: Equatable {
        var micros: UInt64
        var entries: Int
    }

    /// The fsync that made a work durable, given with the last work of its group only (nil for the
    /// others, and for a group that needed no fsync), so that each fsync is counted once.
    typealias Outcome = Result<Fsync?, any Error>

    private struct Queued {
        var work: PersistWork
        var mustSync: Bool
    }

    private struct State {
        var queued: [Queued] = []
        var drainScheduled = false
        var finished: [Outcome] = []
    }

    let wake: WakeSignal
    private let store: NodeStore
    private let queue = DispatchQueue(label: "interflow.persist")
    private let state = Mutex(State())
    private let beforePersist: (@Sendable () -> Void)?

    init(store: NodeStore, wake: WakeSignal, beforePersist: (@Sendable () -> Void)? = nil) {
        self.store = store
        self.wake = wake
        self.beforePersist = beforePersist
    }

    func submit(_ work: PersistWork, mustSync: Bool) {
        let schedule = state.withLock { state in
            state.queued.append(Queued(work: work, mustSync: mustSync))
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        if schedule { queue.async { [self] in drain() } }
    }

    /// Persists everything queued, a group at a time; a snapshot from the leader goes alone.
    private func drain() {
        let queued = state.withLock { state in
            defer {
                state.queued.removeAll(keepingCapacity: true)
                state.drainScheduled = false
            }
            return state.queued
        }
        var rest = queued[...]
        while let first = rest.first {
            let count = first.work.snapshot != nil ? 1 : rest.prefix { $0.work.snapshot == nil }.count
            let group = rest.prefix(count)
            rest = rest.dropFirst(count)
            beforePersist?()
            let outcome = Outcome {
                let micros = try store.persist(group: group.map(\.work))
                guard let micros, group.contains(where: \.mustSync) else { return nil }
                return Fsync(micros: micros, entries: group.reduce(0) { $0 + $1.work.entries.count })
            }
            var outcomes = [Outcome](repeating: outcome.map { _ in nil }, count: count - 1)
            outcomes.append(outcome)
            state.withLock { $0.finished += outcomes }
            wake.signal()
        }
    }

    /// The persists finished since the last call, one per work, in the order they were submitted.
    func collect() -> [Outcome] {
        wake.clear()
        return state.withLock { state in
            defer { state.finished.removeAll(keepingCapacity: true) }
            return state.finished
        }
    }

    /// Returns once every persist submitted so far has finished.
    func waitForAll() {
        queue.sync {}
    }
}
