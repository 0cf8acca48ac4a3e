import Consensus
import Dispatch
import NodeStorage
import Synchronization

/// Takes the application's snapshot and writes its file on a thread of its own. At a million
/// tickets that takes seconds, and a leader that stops answering for that long is voted out;
/// meanwhile the node goes on applying, and the snapshot knows the index it was taken at. One at a time.
final class SnapshotTaker: Sendable {
    typealias Taken = (index: LogIndex, data: [UInt8], file: SnapshotFile)

    private enum Phase {
        case idle
        case running
        case finished(Result<Taken, any Error>)
    }

    private let phase = Mutex<Phase>(.idle)
    private let group = DispatchGroup()

    /// Whether a snapshot is being taken or waits to be collected.
    var isBusy: Bool {
        phase.withLock { if case .idle = $0 { false } else { true } }
    }

    func start(_ take: @escaping @Sendable () throws -> Taken) {
        let started = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .running
            return true
        }
        guard started else { return }
        group.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            let result = Result { try take() }
            phase.withLock { $0 = .finished(result) }
            group.leave()
        }
    }

    /// The finished snapshot, once; nil while none is finished.
    func collect() -> Result<Taken, any Error>? {
        phase.withLock { phase in
            guard case .finished(let result) = phase else { return nil }
            phase = .idle
            return result
        }
    }

    /// Waits at most `timeoutMs` for a snapshot under way; returns whether none is running.
    @discardableResult
    func wait(timeoutMs: Int) -> Bool {
        group.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }
}
