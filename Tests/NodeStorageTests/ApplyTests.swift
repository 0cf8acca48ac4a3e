import Consensus
import NodeStorage
import Testing

private struct ApplicationFailure: Error {}

@Suite struct ApplyTests {
    @Test func applicationStateAndAppliedIndexSurviveTogether() throws {
        try withStoreFile { path in
            do {
                let (store, _) = try filledStore(path: path, count: 5)
                try store.apply(upTo: 0) { db in
                    try db.execute(sql: "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                }
                try store.apply(upTo: 3) { db in
                    try db.execute(sql: "INSERT INTO kv VALUES ('a', '1'), ('b', '2')")
                }
                try store.close()
            }
            let reopened = try NodeStore(path: path)
            let loaded = try reopened.load()
            #expect(loaded.appliedIndex == 3)
            let rows = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM kv") }
            #expect(rows == 2)
        }
    }

    @Test func failedApplicationChangesRollBackWithTheAppliedIndex() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 5)
            try store.apply(upTo: 1) { db in try db.execute(sql: "CREATE TABLE kv (key TEXT PRIMARY KEY)") }
            #expect(throws: ApplicationFailure.self) {
                try store.apply(upTo: 4) { db in
                    try db.execute(sql: "INSERT INTO kv VALUES ('lost')")
                    throw ApplicationFailure()
                }
            }
            let applied = try store.appliedIndex()
            #expect(applied == 1)
            let rows = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM kv") }
            #expect(rows == 0)
        }
    }

    @Test func appliedIndexNeverGoesBack() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 5)
            try store.apply(upTo: 4) { _ in }
            var ran = false
            let error = #expect(throws: NodeStorageError.self) { try store.apply(upTo: 2) { _ in ran = true } }
            #expect(error?.kind == .invalidInput)
            #expect(!ran)
            let applied = try store.appliedIndex()
            #expect(applied == 4)
        }
    }
}
