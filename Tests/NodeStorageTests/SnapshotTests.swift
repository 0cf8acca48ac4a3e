import Consensus
import NodeStorage
import Testing

@Suite struct SnapshotTests {
    @Test func saveSnapshotCompactsLikeTheModel() throws {
        try withStoreFile { path in
            var (store, model) = try filledStore(path: path, count: 20)
            let steps = [
                Snapshot(index: 10, term: 1, membership: Membership(voters: [1, 2, 3], learners: [9]), data: [1, 2, 3]),
                // Not newer than the stored snapshot: nothing changes, not even the data.
                Snapshot(index: 10, term: 1, membership: .empty, data: [7]),
                Snapshot(index: 4, term: 1, membership: .empty, data: []),
                Snapshot(index: 20, term: 1, membership: Membership(voters: [1]), data: []),
            ]
            for snapshot in steps {
                let compacts = snapshot.index > model.snapshot.index
                let stored = try store.saveSnapshot(snapshot)
                #expect(stored == compacts)
                model.compact(to: snapshot)
                let loaded = try store.load()
                #expect(loaded.durable == model)
            }
            #expect(model.entries.isEmpty)
            store = try NodeStore(path: path)
            let reopened = try store.load()
            #expect(reopened.durable == model)
        }
    }

    @Test func compactionKeepsTheEntriesAfterTheSnapshot() throws {
        try withStoreFile { path in
            var (store, model) = try filledStore(path: path, count: 12)
            let snapshot = Snapshot(index: 7, term: 1, membership: Membership(voters: [1, 2, 3]), data: [42])
            try store.saveSnapshot(snapshot)
            model.compact(to: snapshot)
            store = try NodeStore(path: path)
            let loaded = try store.load()
            #expect(loaded.durable == model)
            #expect(loaded.durable.entries.map(\.index) == Array(8...12))
            #expect(loaded.durable.snapshot == snapshot)
        }
    }
}
