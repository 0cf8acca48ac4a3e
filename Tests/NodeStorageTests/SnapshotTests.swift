import Consensus
import Foundation
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

    @Test("the entries a snapshot covers are never loaded again, and are deleted a slice at a time")
    func coveredEntriesAreTrimmedInSlices() throws {
        try withStoreFile { path in
            var (store, model) = try filledStore(path: path, count: 20)
            let snapshot = Snapshot(index: 15, term: 1, membership: Membership(voters: [1]), data: [5])
            try store.saveSnapshot(snapshot)
            model.compact(to: snapshot)
            func stored() throws -> [Int64] { try store.read { try Int64.fetchAll($0, sql: "SELECT idx FROM raft_log ORDER BY idx") } }
            #expect(try stored() == Array(1...20))
            #expect(try store.load().durable == model)
            var left: [Bool] = []
            var firstStored: [Int64?] = []
            for _ in 0..<5 {
                left.append(try store.trimCompactedEntries(maxCount: 4))
                firstStored.append(try stored().first)
                #expect(try store.load().durable == model)
            }
            #expect(left == [true, true, true, false, false])
            #expect(firstStored == [5, 9, 13, 16, 16])
            store = try NodeStore(path: path)
            #expect(try store.load().durable == model)
            #expect(try stored() == Array(16...20))
        }
    }

    @Test("a trim inside an apply's transaction is kept with the apply, and undone with it")
    func trimInsideAnApply() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 20)
            try store.saveSnapshot(Snapshot(index: 15, term: 1, membership: Membership(voters: [1]), data: [5]))
            func stored() throws -> [Int64] { try store.read { try Int64.fetchAll($0, sql: "SELECT idx FROM raft_log ORDER BY idx") } }
            struct Abort: Error {}
            #expect(throws: Abort.self) {
                try store.apply(upTo: 3) { db in
                    #expect(try store.trimCompactedEntries(maxCount: 10, in: db))
                    throw Abort()
                }
            }
            #expect(try stored() == Array(1...20), "the trim rolled back with the apply")
            #expect(try store.appliedIndex() == 0)
            let left = try store.apply(upTo: 3) { db in try store.trimCompactedEntries(maxCount: 10, in: db) }
            #expect(left)
            #expect(try stored() == Array(11...20))
            #expect(try store.appliedIndex() == 3)
            #expect(try store.apply(upTo: 4) { db in try store.trimCompactedEntries(maxCount: 10, in: db) } == false)
            #expect(try stored() == Array(16...20))
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

/// Snapshot data lives in files beside the database (see `SnapshotFile`).
@Suite struct SnapshotFileTests {
    static func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + ".snapshots")) ?? []).sorted()
    }

    @Test("the data goes to one file; a newer snapshot replaces it, and an orphan left by a crash goes at the next open")
    func filesFollowTheStoredSnapshot() throws {
        try withStoreFile { path in
            var (store, _) = try filledStore(path: path, count: 20)
            let first = Snapshot(index: 5, term: 1, membership: Membership(voters: [1, 2, 3]), data: [1, 2, 3])
            try store.saveSnapshot(first)
            #expect(Self.files(path).count == 1)
            let second = Snapshot(index: 9, term: 1, membership: Membership(voters: [1, 2, 3]), data: [4, 5])
            let file = try store.writeSnapshotFile(index: second.index, data: second.data)
            #expect(Self.files(path).count == 2, "written, not yet named by the stored snapshot")
            try store.saveSnapshot(second, file: file)
            #expect(Self.files(path) == [file.name])

            // Written, then the process died before the row named it.
            let orphan = try store.writeSnapshotFile(index: 15, data: [9])
            store = try NodeStore(path: path)
            #expect(Self.files(path) == [file.name])
            #expect(!Self.files(path).contains(orphan.name))
            #expect(try store.load().durable.snapshot == second)
        }
    }

    @Test("a snapshot file that is gone or cut short is corruption, named, not a crash")
    func missingOrShortFile() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 8)
            try store.saveSnapshot(Snapshot(index: 4, term: 1, membership: Membership(voters: [1]), data: [1, 2, 3, 4]))
            let name = try #require(Self.files(path).first)
            let location = path + ".snapshots/" + name
            try Data([1, 2]).write(to: URL(fileURLWithPath: location))
            #expect { try store.load() } throws: { error in
                (error as? NodeStorageError)?.kind == .corrupt && "\(error)".contains("holds 2 bytes, not the 4 stored")
            }
            try FileManager.default.removeItem(atPath: location)
            #expect { try store.load() } throws: { error in
                (error as? NodeStorageError)?.kind == .corrupt && "\(error)".contains("missing")
            }
        }
    }
}
