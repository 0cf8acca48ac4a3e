import Consensus
import NodeStorage
import Testing

@Suite struct GroupCommitTests {
    @Test func manyEntriesAreOneCommit() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 3)
            let commits = store.commitCount
            let snapshot = Snapshot(index: 3, term: 1, membership: Membership(voters: [1, 2, 3]), data: [1])
            try store.persist(
                PersistWork(hardState: HardState(term: 2, vote: 2, commit: 3), snapshot: snapshot, entries: commands(from: 4, count: 256, term: 2)))
            #expect(store.commitCount == commits + 1)
            try store.persist(PersistWork())
            #expect(store.commitCount == commits + 1, "an empty PersistWork needs no fsync")
        }
    }

    /// What queued on the storage thread is persisted as one: each work's semantics in turn (here
    /// the third replaces the second's tail, as a new leader's append does), one commit for all.
    @Test func worksInAGroupAreOneCommitWithEachOnesSemantics() throws {
        try withStoreFile { path in
            var (store, model) = try filledStore(path: path, count: 3)
            let commits = store.commitCount
            let works = [
                PersistWork(entries: commands(from: 4, count: 4, term: 1)),
                PersistWork(hardState: HardState(term: 2, vote: 3, commit: 5), entries: commands(from: 8, count: 2, term: 1)),
                PersistWork(hardState: HardState(term: 2, vote: 3, commit: 6), entries: commands(from: 6, count: 3, term: 2)),
            ]
            #expect(try store.persist(group: works) != nil)
            #expect(store.commitCount == commits + 1)
            for work in works { model.apply(work) }
            #expect(try store.load().durable == model)
        }
    }

    @Test func aSnapshotIsPersistedAloneNeverInAGroup() throws {
        try withStoreFile { path in
            let (store, model) = try filledStore(path: path, count: 3)
            let snapshot = Snapshot(index: 3, term: 1, membership: Membership(voters: [1, 2, 3]), data: [1])
            let works = [PersistWork(entries: commands(from: 4, count: 1, term: 1)), PersistWork(snapshot: snapshot)]
            let error = #expect(throws: NodeStorageError.self) { try store.persist(group: works) }
            #expect(error?.kind == .invalidInput)
            #expect(try store.load().durable == model)
        }
    }

    /// A trigger aborts the 128th insert: the snapshot, the truncation, the first 127 entries and
    /// the hard state written before it must all be gone, as after a crash half way.
    @Test func failureHalfWayWritesNothing() throws {
        try withStoreFile { path in
            let (store, model) = try filledStore(path: path, count: 10)
            try store.apply(upTo: 0) { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER fail_half_way BEFORE INSERT ON raft_log WHEN NEW.idx = 133
                        BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                        """)
            }
            let snapshot = Snapshot(index: 5, term: 1, membership: Membership(voters: [1]), data: [9, 9])
            let work = PersistWork(
                hardState: HardState(term: 3, vote: 1, commit: 5), snapshot: snapshot, entries: commands(from: 6, count: 256, term: 3))
            let error = #expect(throws: NodeStorageError.self) { try store.persist(work) }
            #expect(error?.kind == .sqlite)
            #expect(error?.description.contains("injected failure") == true)
            #expect(error?.description.contains(path) == true)
            let loaded = try store.load()
            #expect(loaded.durable == model)
        }
    }

    /// Not a timed assertion: it prints the figures for the record (debug build, this machine's disk).
    @Test func persistLatencyIsMeasured() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            #expect(store.lastPersistMicroseconds == nil)
            var next: LogIndex = 1
            var figures: [Int: [UInt64]] = [:]
            for size in [1, 256] {
                for round in 0..<20 {
                    let entries = commands(from: next, count: size, term: 1, bytes: 128)
                    next += LogIndex(size)
                    try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: next - 1), entries: entries))
                    let micros = try #require(store.lastPersistMicroseconds)
                    #expect(micros > 0)
                    if round > 0 { figures[size, default: []].append(micros) }  // the first pays for statement preparation
                }
            }
            for (size, values) in figures.sorted(by: { $0.key < $1.key }) {
                let sorted = values.sorted()
                print("persist of \(size) entries (128 B each): p50 \(sorted[sorted.count / 2]) µs, max \(sorted.last!) µs")
            }
        }
    }
}
