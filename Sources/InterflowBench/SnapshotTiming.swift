import CenterState
import Consensus
import Foundation
import GRDB
import NodeStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times, in this process, what a node does with the scale state outside the request path: the
/// model rebuild at start (`prepare`), taking a snapshot, and installing it into an empty store,
/// with the same NodeStore and CenterState code the node runs, on a copy of a seeded database.
struct SnapshotTiming {
    /// A seeded node's database, closed, that this run may open and change.
    var databasePath: String
    var scratchDirectory: String

    func run(progress: (String) -> Void) throws -> SnapshotFigures {
        let clock = ContinuousClock()
        var figures = SnapshotFigures()
        let store = try NodeStore(path: databasePath)
        let state = CenterState()
        let applied = try store.appliedIndex()

        progress("snapshot: rebuilding the model as a node does at start")
        var began = clock.now
        try store.apply(upTo: applied) { try state.prepare(in: $0) }
        figures.prepareSeconds = (clock.now - began).seconds
        figures.liveContacts = state.contactCenter?.contacts.count ?? 0

        progress("snapshot: taking it")
        began = clock.now
        let image = try store.read { try CenterState.snapshot(in: $0) }
        figures.takeSeconds = (clock.now - began).seconds
        figures.bytes = image.count
        figures.peakResidentBytesAfterTake = Self.peakResidentBytes()

        // Writing the file runs on the snapshot's thread too; what is left on a node's loop when it
        // compacts is the row naming the file; the entries it covers are trimmed a slice per turn.
        progress("snapshot: storing it as a node does when it compacts")
        let durable = try store.load().durable
        let membership = durable.entries.reduce(durable.snapshot.membership) { found, entry in
            if case .membership(let next) = entry.payload { next } else { found }
        }
        let snapshot = Snapshot(
            index: applied, term: durable.entries.last?.term ?? durable.hardState.term, membership: membership, data: image)
        began = clock.now
        let file = try store.writeSnapshotFile(index: applied, data: image)
        figures.fileSeconds = (clock.now - began).seconds
        began = clock.now
        try store.saveSnapshot(snapshot, file: file)
        figures.storeSeconds = (clock.now - began).seconds
        try store.close()

        progress("snapshot: restoring \(image.count) bytes into an empty store")
        let target = try NodeStore(path: scratchDirectory + "/restored.sqlite")
        defer { try? target.close() }
        let restored = CenterState()
        try target.apply(upTo: 0) { try restored.prepare(in: $0) }
        began = clock.now
        try target.apply(upTo: applied) { try restored.restore(image, in: $0) }
        figures.restoreSeconds = (clock.now - began).seconds
        figures.peakResidentBytesAfterRestore = Self.peakResidentBytes()
        figures.restoredTickets = try target.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
        figures.restoredContacts = restored.contactCenter?.contacts.count ?? 0
        return figures
    }

    /// The process's high-water mark of resident memory; Linux reports it in KiB, macOS in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1_024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #endif
    }
}

/// Sizes in bytes, times in seconds.
struct SnapshotFigures: Codable, Sendable {
    var prepareSeconds = 0.0
    var liveContacts = 0
    var takeSeconds = 0.0
    /// Writing the snapshot's file (fsync included), on the snapshot's thread.
    var fileSeconds = 0.0
    /// Storing the row that names the file and dropping the log it covers, on the node's loop.
    var storeSeconds = 0.0
    var bytes = 0
    var restoreSeconds = 0.0
    var restoredTickets = 0
    var restoredContacts = 0
    /// Of the whole bench process, which also built the model: an upper bound for each step.
    var peakResidentBytesAfterTake = 0
    var peakResidentBytesAfterRestore = 0
    /// What a node's store accepts (StorageOptions.maxSnapshotBytes).
    var storeLimitBytes = StorageOptions().maxSnapshotBytes
}
