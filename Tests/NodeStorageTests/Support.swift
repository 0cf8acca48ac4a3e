import Consensus
import Foundation
import NodeStorage

/// Runs `body` with the path of a database file in a fresh directory, and removes the directory
/// however `body` ends (a thrown `#require` included).
func withStoreFile<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("NodeStorageTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory.appendingPathComponent("node.sqlite").path)
}

func commands(from first: LogIndex, count: Int, term: Term, bytes: Int = 16) -> [Entry] {
    (0..<count).map { offset in
        Entry(term: term, index: first + LogIndex(offset), payload: .command([UInt8](repeating: UInt8(truncatingIfNeeded: offset), count: bytes)))
    }
}

/// A store whose log holds `count` command entries of term 1 from index 1, committed.
func filledStore(path: String, count: Int) throws -> (NodeStore, DurableState) {
    let store = try NodeStore(path: path)
    let work = PersistWork(hardState: HardState(term: 1, vote: 1, commit: LogIndex(count)), entries: commands(from: 1, count: count, term: 1))
    try store.persist(work)
    var model = DurableState.joining
    model.apply(work)
    return (store, model)
}
