import Dispatch
import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a thread and connection of its own.
/// SQLite's automatic checkpoint runs inside whichever commit crosses its threshold: on the node's
/// loop, where it took a fifth of the leader's CPU at 128 clients, and where a higher threshold
/// (fewer, larger checkpoints, which cost less per write) stalled one commit for 250 ms. A passive
/// checkpoint on another connection never blocks the writer. The writer keeps an automatic
/// threshold of its own (`NodeStore.walFramesCeiling`), so the log stays bounded even when this
/// thread falls behind or fails.
final class WALCheckpointer: Sendable {
    struct Figures: Sendable, Equatable {
        var checkpoints: UInt64 = 0
        var failures: UInt64 = 0
        var lastFailure: String?
    }

    private let stopRequested = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let stopping = Mutex(false)
    private let state = Mutex(Figures())
    /// Broadcast after each checkpoint, for `waitForCheckpoints`.
    private let checkpointed = NSCondition()

    /// Checkpoints every `intervalMilliseconds` in which something was committed.
    init(path: String, intervalMilliseconds: Int, commits: CommitCounter) throws {
        var configuration = Configuration()
        configuration.label = "NodeStore.checkpointer"
        // A passive checkpoint waits for nothing; a busy database is tried again next interval.
        configuration.busyMode = .immediateError
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in
            var checkpointedAt = commits.count
            while self.stopRequested.wait(timeout: .now() + .milliseconds(intervalMilliseconds)) == .timedOut {
                let count = commits.count
                guard count != checkpointedAt else { continue }
                checkpointedAt = count
                do {
                    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
                    self.state.withLock { $0.checkpoints += 1 }
                } catch {
                    self.state.withLock {
                        $0.failures += 1
                        $0.lastFailure = "\(error)"
                    }
                }
                self.checkpointed.lock()
                self.checkpointed.broadcast()
                self.checkpointed.unlock()
            }
            try? queue.close()
            self.stopped.signal()
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    var figures: Figures { state.withLock { $0 } }

    /// Waits until at least `count` checkpoints were tried (run or failed), for at most `timeout`;
    /// false when fewer were. For tests, which must not sleep and hope.
    func waitForCheckpoints(_ count: UInt64, timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        checkpointed.lock()
        defer { checkpointed.unlock() }
        while figures.checkpoints + figures.failures < count {
            guard checkpointed.wait(until: deadline) else { return figures.checkpoints + figures.failures >= count }
        }
        return true
    }

    /// Ends the thread and closes its connection; later calls return at once.
    func stop() {
        let first = stopping.withLock { stopping in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        stopRequested.signal()
        stopped.wait()
    }
}
