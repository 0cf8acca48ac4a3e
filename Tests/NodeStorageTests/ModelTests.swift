import Consensus
import NodeStorage
import Testing

/// The store against `DurableState`'s own `apply` and `compact(to:)`: after every step, what is
/// on disk must be exactly what the model holds in memory.
@Suite struct ModelTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func loadEqualsModelAfterEveryStep(seed: UInt64) throws {
        try withStoreFile { path in
            var history = RandomHistory(seed: seed, start: seed == 1 ? .joining : .bootstrap(voters: [1, 2, 3]))
            var store = try NodeStore(path: path)
            if seed != 1 { try store.bootstrapIfEmpty(voters: [1, 2, 3]) }
            var reopenings = 0
            for step in 0..<250 {
                let before = history.model
                switch history.next() {
                case .persist(let work):
                    let commits = store.commitCount
                    try store.persist(work)
                    #expect(store.commitCount == commits + (work.isEmpty ? 0 : 1), "seed \(seed) step \(step)")
                case .saveSnapshot(let snapshot):
                    let stored = try store.saveSnapshot(snapshot)
                    #expect(stored == (snapshot.index > before.snapshot.index), "seed \(seed) step \(step)")
                case .reopen:
                    try store.close()
                    store = try NodeStore(path: path)
                    reopenings += 1
                }
                try #require(history.model.defect == nil, "the generator made a state no core accepts at step \(step)")
                let loaded = try store.load()
                try #require(loaded.durable == history.model, "seed \(seed) step \(step)")
            }
            #expect(reopenings > 5)
            #expect(history.truncations > 5)
            #expect(history.receivedSnapshots > 5)
            #expect(history.compactions > 5)
        }
    }
}
