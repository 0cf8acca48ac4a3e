import Consensus
import NodeStorage
import Testing

/// What is fsynced and what rides on the next fsync (etcd's MustSync): term, vote, entries and
/// snapshots are synced before anything depends on them; a commit-only change and the applied
/// state are not, and the writer is back at synchronous=FULL after each of them.
@Suite struct SyncPolicyTests {
    @Test func onlyCommitOnlyChangesAndAppliesSkipTheirOwnFsync() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: 0), entries: commands(from: 1, count: 3, term: 1)))
            #expect(store.relaxedCommitCount == 0)
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: 2)))
            #expect(store.relaxedCommitCount == 1, "a commit-only change needs no fsync of its own")
            try store.apply(upTo: 2) { _ in }
            #expect(store.relaxedCommitCount == 2, "applied state is rebuilt from the durable log")
            try store.persist(PersistWork(hardState: HardState(term: 2, vote: 3, commit: 2)))
            try store.persist(PersistWork(entries: commands(from: 4, count: 1, term: 2)))
            #expect(store.relaxedCommitCount == 2, "a new term or vote, and entries, are fsynced")
            #expect(try store.writerPragmas().synchronous == 2)
            let (durable, applied) = try store.load()
            #expect(durable.hardState == HardState(term: 2, vote: 3, commit: 2) && applied == 2)
        }
    }

    @Test("a new commit index and the entries it commits are written in one transaction; a new term is fsynced first")
    func commitIndexRidesWithTheApply() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: 0), entries: commands(from: 1, count: 3, term: 1)))
            let commits = store.commitCount
            try store.apply(upTo: 2, persisting: PersistWork(hardState: HardState(term: 1, vote: 1, commit: 2))) { _ in }
            #expect(store.commitCount == commits + 1 && store.relaxedCommitCount == 1)
            #expect(try store.load().durable.hardState.commit == 2)
            try store.apply(upTo: 3, persisting: PersistWork(hardState: HardState(term: 2, vote: 2, commit: 3))) { _ in }
            #expect(store.commitCount == commits + 3 && store.relaxedCommitCount == 2, "the vote needs a commit with an fsync")
            let (durable, applied) = try store.load()
            #expect(durable.hardState == HardState(term: 2, vote: 2, commit: 3) && applied == 3)
        }
    }

    @Test func aFailedRelaxedTransactionLeavesTheWriterAtFullSync() throws {
        struct Refused: Error {}
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            #expect(throws: Refused.self) { try store.apply(upTo: 0) { _ in throw Refused() } }
            #expect(try store.writerPragmas().synchronous == 2)
            #expect(store.relaxedCommitCount == 0)
        }
    }
}
