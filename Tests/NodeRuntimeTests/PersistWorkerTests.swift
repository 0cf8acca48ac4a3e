import Consensus
import Foundation
import NodeStorage
import Synchronization
import Testing

@testable import NodeRuntime

@Suite("The storage thread")
struct PersistWorkerTests {
    /// The loop hands over a work per turn; those that queue behind a running fsync share the next.
    @Test("works that queue behind a running persist are made durable together: one commit, one outcome each, the fsync counted once")
    func queuedWorksShareOneCommit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("PersistWorkerTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try NodeStore(path: directory.appendingPathComponent("node.sqlite").path)
        let gate = DispatchSemaphore(value: 0)
        let firstStarted = DispatchSemaphore(value: 0)
        let persistsStarted = Atomic<Int>(0)
        // The first persist waits at the gate, so that the next three queue up behind it.
        let worker = PersistWorker(store: store, wake: try WakeSignal()) {
            guard persistsStarted.add(1, ordering: .sequentiallyConsistent).oldValue == 0 else { return }
            firstStarted.signal()
            gate.wait()
        }
        let commits = store.commitCount
        let term = HardState(term: 1, vote: 1, commit: 0)
        worker.submit(PersistWork(hardState: term, entries: entries(from: 1, count: 2)), mustSync: true)
        #expect(firstStarted.wait(timeout: .now() + 10) == .success)
        for first in [3, 5, 7] as [LogIndex] { worker.submit(PersistWork(entries: entries(from: first, count: 2)), mustSync: true) }
        gate.signal()
        worker.waitForAll()
        let outcomes = try worker.collect().map { try $0.get() }
        #expect(outcomes.count == 4)
        #expect(outcomes.map { $0?.entries } == [2, nil, nil, 6])
        #expect(store.commitCount == commits + 2)
        #expect(persistsStarted.load(ordering: .sequentiallyConsistent) == 2)
        #expect(try store.load().durable.entries.map(\.index) == Array(1...8))
    }

    private func entries(from first: LogIndex, count: Int) -> [Entry] {
        (0..<count).map { Entry(term: 1, index: first + LogIndex($0), payload: .command([UInt8($0)])) }
    }
}
