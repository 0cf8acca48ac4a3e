import Consensus
import NodeStorage
import Testing

@Suite struct PragmaTests {
    @Test func writerUsesWALWithFullSync() throws {
        try withStoreFile { path in
            for _ in 0..<2 {  // a fresh file, then the same file reopened
                let store = try NodeStore(path: path)
                let pragmas = try store.writerPragmas()
                #expect(pragmas.journalMode == "wal")
                #expect(pragmas.synchronous == 2)
                #expect(pragmas.busyTimeoutMilliseconds == StorageOptions().busyTimeoutMilliseconds)
                #expect(pragmas.walAutocheckpointPages == 16_384)
            }
        }
    }

    @Test func busyTimeoutIsConfigurableWithinBounds() throws {
        try withStoreFile { path in
            var options = StorageOptions()
            options.busyTimeoutMilliseconds = 250
            let pragmas = try NodeStore(path: path, options: options).writerPragmas()
            #expect(pragmas.busyTimeoutMilliseconds == 250)
            options.busyTimeoutMilliseconds = 0
            let error = #expect(throws: NodeStorageError.self) { try NodeStore(path: path, options: options) }
            #expect(error?.kind == .invalidInput)
        }
    }

    @Test("the write-ahead log is checkpointed on a thread of its own once something was committed")
    func checkpointsOffTheWriter() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: nil, commit: 0), entries: commands(from: 1, count: 50, term: 1)))
            #expect(store.waitForWALCheckpoints(1, timeout: .seconds(30)))
            #expect(store.walCheckpoints.done >= 1)
            #expect(store.walCheckpoints.failed == 0, "\(store.walCheckpoints.lastFailure ?? "")")
        }
    }
}
