import Consensus
import NodeStorage
import Testing

/// Rows no version of the store could have written, made by hand: each must give a `.corrupt`
/// error naming the file, never a crash, and must keep doing so after a reopen.
@Suite struct CorruptionTests {
    struct Damage: Sendable, CustomTestStringConvertible {
        var sql: String
        var expected: String
        var testDescription: String { expected }
    }

    static let damages: [Damage] = [
        Damage(sql: "UPDATE raft_log SET kind = 9 WHERE idx = 2", expected: "unknown payload kind 9"),
        Damage(sql: "UPDATE raft_log SET kind = 0 WHERE idx = 2", expected: "no-op entry carries"),
        Damage(sql: "UPDATE raft_log SET payload = x'0102' WHERE idx = 1", expected: "not a multiple of 8"),
        Damage(sql: "UPDATE raft_log SET payload = x'00000000000000050000000000000001' WHERE idx = 1", expected: "voter count"),
        Damage(
            sql: "UPDATE raft_log SET payload = x'000000000000000200000000000000030000000000000001' WHERE idx = 1",
            expected: "not sorted and unique"),
        Damage(sql: "UPDATE raft_log SET term = -1 WHERE idx = 3", expected: "negative"),
        Damage(sql: "DELETE FROM raft_log WHERE idx = 3", expected: "log entry 4 found where 3 was expected"),
        Damage(sql: "UPDATE raft_hard_state SET term = 0", expected: "above the hard state's"),
        Damage(sql: "UPDATE raft_hard_state SET commit_index = 99", expected: "commit index 99"),
        Damage(
            sql: "INSERT INTO raft_snapshot (id, idx, term, voters, learners, data) VALUES (0, 0, 0, x'00000000000000010000000000000001', x'', x'')",
            expected: "snapshot membership voters [1, 1] are not sorted"),
        Damage(
            sql: "INSERT INTO raft_snapshot (id, idx, term, voters, learners, data) VALUES (0, 0, 0, x'0000000000000001', x'0000000000000001', x'')",
            expected: "both voter and learner"),
        // `apply` writes the applied index after its body, so the damage must come after that write.
        Damage(
            sql: "CREATE TRIGGER damage AFTER INSERT ON raft_applied BEGIN UPDATE raft_applied SET idx = -3; END",
            expected: "applied index is negative"),
    ]

    @Test(arguments: damages)
    func damagedRowGivesAnError(damage: Damage) throws {
        try withStoreFile { path in
            var store = try NodeStore(path: path)
            try store.bootstrapIfEmpty(voters: [1, 2, 3])
            try store.persist(PersistWork(entries: commands(from: 2, count: 4, term: 1)))
            try store.apply(upTo: 0) { db in try db.execute(sql: damage.sql) }
            for _ in 0..<2 {
                let error = #expect(throws: NodeStorageError.self) { try store.load() }
                #expect(error?.kind == .corrupt)
                #expect(error?.description.contains(path) == true, "\(String(describing: error))")
                #expect(error?.description.contains(damage.expected) == true, "\(String(describing: error))")
                store = try NodeStore(path: path)
            }
        }
    }

    @Test func fileFromANewerSchemaIsRefused() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path)
            try store.apply(upTo: 0) { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
            try store.close()
            let error = #expect(throws: NodeStorageError.self) { try NodeStore(path: path) }
            #expect(error?.kind == .newerSchema)
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test func fileThatIsNotSQLiteIsRefused() throws {
        try withStoreFile { path in
            try Array(repeating: "not a database", count: 100).joined().write(toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: NodeStorageError.self) { try NodeStore(path: path) }
            #expect(error?.kind == .cannotOpen)
            #expect(error?.description.contains(path) == true)
        }
    }
}
