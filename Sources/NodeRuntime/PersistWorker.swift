import Consensus
import Dispatch
import NodeStorage
import Synchronization

/// Makes `PersistWork` durable on a thread of its own, one after another in the order given, so
/// that the node's loop receives and steps the next inputs while an fsync runs (etcd's
/// asynchronous storage writes). Each finished persist raises `wake`, which the loop polls along
/// with its sockets; `collect` hands the results over in order.
final class PersistWorker: Sendable {
    /// How long one persist took, fsync included; nil when it needed none.
    typealias Outcome = Result<UInt64?, any Error>

    let wake: WakeSignal
    private let store: NodeStore
    private let queue = DispatchQueue(label: "interflow.persist")
    private let finished = Mutex<[Outcome]>([])

    private let beforePersist: (@Sendable () -> Void)?

    init(store: NodeStore, wake: WakeSignal, beforePersist: (@Sendable () -> Void)? = nil) {
        self.store = store
        self.wake = wake
        self.beforePersist = beforePersist
    }

    func submit(_ work: PersistWork, mustSync: Bool) {
        queue.async { [self] in
            beforePersist?()
            let outcome = Outcome {
                let micros = try store.persist(work)
                return mustSync ? micros : nil
            }
            finished.withLock { $0.append(outcome) }
            wake.signal()
        }
    }

    /// The persists finished since the last call, in the order they were submitted.
    func collect() -> [Outcome] {
        wake.clear()
        return finished.withLock { outcomes in
            defer { outcomes.removeAll(keepingCapacity: true) }
            return outcomes
        }
    }

    /// Returns once every persist submitted so far has finished.
    func waitForAll() {
        queue.sync {}
    }
}
