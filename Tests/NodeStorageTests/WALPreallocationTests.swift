import Consensus
import Foundation
import NodeStorage
import Testing

@Suite("The write-ahead log, filled with zeros past what SQLite wrote when the store opens")
struct WALPreallocationTests {
    static let preallocatedBytes = 1 << 20

    static func options() -> StorageOptions {
        var options = StorageOptions()
        options.preallocatedWALBytes = preallocatedBytes
        return options
    }

    static func walBytes(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
    }

    @Test("a fresh store's log starts at the size asked, and what is persisted in it reads back")
    func freshStore() throws {
        try withStoreFile { path in
            let store = try NodeStore(path: path, options: Self.options())
            #expect(try Self.walBytes(path) == Self.preallocatedBytes)
            let work = PersistWork(hardState: HardState(term: 2, vote: 1, commit: 3), entries: commands(from: 1, count: 3, term: 2))
            try store.persist(work)
            var model = DurableState.joining
            model.apply(work)
            #expect(try store.load().durable == model)
            #expect(try Self.walBytes(path) == Self.preallocatedBytes, "frames overwrite the zeros; the log does not grow")
        }
    }

    /// The files a kill -9 leaves: copied while the store that wrote them is still open, so the
    /// log's frames were never checkpointed into the database file by a close.
    @Test("after a crash, the frames already in the log are kept and read back; only zeros are added past them")
    func framesLeftByACrash() throws {
        try withStoreFile { path in
            let (store, model) = try filledStore(path: path, count: 40)
            let crashed = (path as NSString).deletingLastPathComponent + "/crashed.sqlite"
            try FileManager.default.copyItem(atPath: path, toPath: crashed)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
            let frames = try Self.walBytes(crashed)
            #expect(frames > 0 && frames < Self.preallocatedBytes)
            let logBefore = try Data(contentsOf: URL(fileURLWithPath: crashed + "-wal"))
            _ = store

            let reopened = try NodeStore(path: crashed, options: Self.options())
            #expect(try reopened.load().durable == model)
            let logAfter = try Data(contentsOf: URL(fileURLWithPath: crashed + "-wal"))
            #expect(logAfter.count == Self.preallocatedBytes)
            #expect(logAfter.dropFirst(logBefore.count).allSatisfy { $0 == 0 }, "only zeros past the frames")
        }
    }

    @Test("a log already larger than asked is left as it is")
    func largerLogUntouched() throws {
        try withStoreFile { path in
            try NodeStore(path: path).close()
            try Data(repeating: 0, count: Self.preallocatedBytes * 2).write(to: URL(fileURLWithPath: path + "-wal"))
            let store = try NodeStore(path: path, options: Self.options())
            try store.persist(PersistWork(hardState: HardState(term: 1, vote: 1, commit: 0)))
            #expect(try Self.walBytes(path) == Self.preallocatedBytes * 2)
        }
    }

    @Test("a size out of bounds is refused by name")
    func boundedSize() throws {
        try withStoreFile { path in
            var options = StorageOptions()
            options.preallocatedWALBytes = -1
            #expect(throws: NodeStorageError.self) { try NodeStore(path: path, options: options) }
        }
    }
}
