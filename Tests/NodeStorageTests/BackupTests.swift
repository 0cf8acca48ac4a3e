import Consensus
import Foundation
import NodeStorage
import Synchronization
import Testing

/// `NodeStore.backup` (online, one instant, one file), `restore` and `StoreLock`.
@Suite struct BackupTests {
    static func directoryListing(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)) ?? [])
            .sorted()
    }

    @Test("a backup is one file holding what the store holds, its snapshot's data in the row; restored, it loads the same")
    func backupAndRestore() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 30)
            let snapshot = Snapshot(index: 20, term: 1, membership: Membership(voters: [1, 2, 3]), data: [UInt8](repeating: 7, count: 5_000))
            try store.saveSnapshot(snapshot)
            try store.apply(upTo: 25) { _ in }
            let stored = try store.load()
            let backup = path + ".backup"
            let held = try NodeStore.backup(databaseAt: path, to: backup)
            #expect(held.durable == stored.durable && held.appliedIndex == 25)
            #expect(!Self.directoryListing(path).contains { $0.hasPrefix("node.sqlite.backup") && $0 != "node.sqlite.backup" },
                    "no -wal, -journal or .partial beside the backup")
            #expect(throws: NodeStorageError.self) { try NodeStore.backup(databaseAt: path, to: backup) }

            let restoredDirectory = path + ".restored"
            try FileManager.default.createDirectory(atPath: restoredDirectory, withIntermediateDirectories: false)
            let restoredPath = restoredDirectory + "/node.sqlite"
            _ = try NodeStore.restore(backup: backup, to: restoredPath)
            let restored = try NodeStore(path: restoredPath)
            let loaded = try restored.load()
            #expect(loaded.durable == stored.durable && loaded.appliedIndex == 25)
            #expect { try NodeStore.restore(backup: backup, to: restoredPath) } throws: { error in
                "\(error)".contains("empty data directory")
            }
            // The restored store goes on as any store: a new snapshot goes to a file again.
            try restored.apply(upTo: 30) { _ in }
            #expect(try restored.saveSnapshot(Snapshot(index: 30, term: 1, membership: Membership(voters: [1]), data: [1])))
            #expect(try restored.load().durable.snapshot.data == [1])
        }
    }

    @Test("backups taken while a writer appends and snapshots: each is one consistent instant, never behind the one before")
    func backupsUnderWrites() throws {
        try withStoreFile { path in
            let (store, _) = try filledStore(path: path, count: 10)
            let stop = Atomic<Bool>(false)
            let stopped = DispatchSemaphore(value: 0)
            let writer = Thread {
                defer { stopped.signal() }
                var next: LogIndex = 11
                while !stop.load(ordering: .relaxed) {
                    let work = PersistWork(hardState: HardState(term: 1, vote: 1, commit: next), entries: commands(from: next, count: 5, term: 1))
                    guard (try? store.persist(work)) != nil, (try? store.apply(upTo: next) { _ in }) != nil else { return }
                    if next % 50 == 1 {
                        _ = try? store.saveSnapshot(
                            Snapshot(index: next, term: 1, membership: Membership(voters: [1, 2, 3]), data: [UInt8](repeating: 3, count: Int(next))))
                    }
                    next += 5
                }
            }
            writer.start()
            defer {
                stop.store(true, ordering: .relaxed)
                stopped.wait()
            }
            var lastIndex: LogIndex = 0
            for round in 0..<8 {
                let held = try NodeStore.backup(databaseAt: path, to: path + ".backup-\(round)")
                #expect(held.durable.defect == nil)
                #expect(held.durable.lastIndex >= lastIndex)
                if held.durable.snapshot.index > 0 {
                    #expect(held.durable.snapshot.data.count == Int(held.durable.snapshot.index), "the data of the snapshot its row names")
                }
                lastIndex = held.durable.lastIndex
            }
            #expect(lastIndex > 10, "the writer wrote during the backups")
        }
    }

    @Test("one holder at a time: a second lock is refused with the holder's pid; released, it can be taken again")
    func lock() throws {
        try withStoreFile { path in
            let first = try StoreLock(databasePath: path)
            #expect { try StoreLock(databasePath: path) } throws: { error in
                let error = error as? NodeStorageError
                return error?.kind == .inUse && error?.message.contains("pid \(getpid())") == true
            }
            first.release()
            let second = try StoreLock(databasePath: path)
            second.release()
        }
    }
}
