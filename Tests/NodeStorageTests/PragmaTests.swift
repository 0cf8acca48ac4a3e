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
}
