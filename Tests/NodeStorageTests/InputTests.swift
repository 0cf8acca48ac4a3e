import Consensus
import NodeStorage
import Testing

@Suite struct InputTests {
    @Test func emptyFileLoadsAsJoiningAndBootstrapsOnce() throws {
        try withStoreFile { path in
            var store = try NodeStore(path: path)
            let empty = try store.load()
            #expect(empty.durable == .joining)
            #expect(empty.appliedIndex == 0)
            let first = try store.bootstrapIfEmpty(voters: [3, 1, 2])
            #expect(first)
            store = try NodeStore(path: path)
            let second = try store.bootstrapIfEmpty(voters: [7])
            #expect(!second)
            let loaded = try store.load()
            #expect(loaded.durable == .bootstrap(voters: [1, 2, 3]))
            let error = #expect(throws: NodeStorageError.self) { try store.bootstrapIfEmpty(voters: []) }
            #expect(error?.kind == .invalidInput)
        }
    }

    @Test func edgeValuesRoundTrip() throws {
        try withStoreFile { path in
            var store = try NodeStore(path: path)
            let snapshot = Snapshot(index: 3, term: 2, membership: Membership(voters: [.max, 1 << 63], learners: [1]), data: [])
            let work = PersistWork(
                hardState: HardState(term: 4, vote: .max, commit: 3), snapshot: snapshot,
                entries: [
                    Entry(term: 3, index: 4, payload: .noop),
                    Entry(term: 3, index: 5, payload: .command([])),
                    Entry(term: 4, index: 6, payload: .membership(.empty)),
                    Entry(term: 4, index: 7, payload: .membership(Membership(voters: [1, .max], learners: [2, 1 << 63]))),
                    Entry(term: 4, index: 8, payload: .command([0, 255, 0])),
                ])
            try store.persist(work)
            var model = DurableState.joining
            model.apply(work)
            store = try NodeStore(path: path)
            let loaded = try store.load()
            #expect(loaded.durable == model)
        }
    }

    @Test func unopenableFileNamesItself() {
        let path = "/nonexistent-\(UInt64.random(in: 0...UInt64.max))/node.sqlite"
        let error = #expect(throws: NodeStorageError.self) { try NodeStore(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.description.contains(path) == true)
    }

    struct BadWork: Sendable, CustomTestStringConvertible {
        var name: String
        var work: @Sendable () -> PersistWork
        var testDescription: String { name }
    }

    static let badWorks: [BadWork] = [
        BadWork(name: "gap between entries") {
            PersistWork(entries: [Entry(term: 1, index: 1, payload: .noop), Entry(term: 1, index: 3, payload: .noop)])
        },
        BadWork(name: "index beyond SQLite") { PersistWork(entries: [Entry(term: 1, index: .max, payload: .noop)]) },
        BadWork(name: "term beyond SQLite") { PersistWork(hardState: HardState(term: .max, vote: nil, commit: 0)) },
        BadWork(name: "command over the limit") { PersistWork(entries: [Entry(term: 1, index: 1, payload: .command(Array(repeating: 1, count: 65)))]) },
        BadWork(name: "too many entries") { PersistWork(entries: commands(from: 1, count: 9, term: 1)) },
        BadWork(name: "snapshot over the limit") {
            PersistWork(snapshot: Snapshot(index: 1, term: 1, membership: .empty, data: Array(repeating: 0, count: 129)))
        },
        BadWork(name: "membership over the limit") {
            PersistWork(entries: [Entry(term: 1, index: 1, payload: .membership(Membership(voters: Array(1...5))))])
        },
    ]

    /// Refused before the transaction: nothing is written, not even the parts that were fine.
    @Test(arguments: badWorks)
    func outOfBoundsWorkIsRefusedWhole(bad: BadWork) throws {
        try withStoreFile { path in
            var options = StorageOptions()
            options.maxEntryBytes = 64
            options.maxEntriesPerPersist = 8
            options.maxSnapshotBytes = 128
            options.maxMembers = 4
            let store = try NodeStore(path: path, options: options)
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: 0)))
            let before = try store.load()
            var work = bad.work()
            if work.hardState == nil { work.hardState = HardState(term: 2, vote: 2, commit: 0) }
            let error = #expect(throws: NodeStorageError.self) { try store.persist(work) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.description.contains(path) == true)
            let after = try store.load()
            #expect(after.durable == before.durable)
        }
    }
}
