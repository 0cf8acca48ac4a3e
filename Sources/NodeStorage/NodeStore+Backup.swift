import Consensus
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Backups while the node runs, like `etcdctl snapshot save`, and their restore into an empty data
/// directory.
///
/// A backup is one SQLite file: the database at one instant (SQLite's online backup, run inside
/// one read transaction, so the node's writes go on in the WAL meanwhile and none is half in the
/// copy), with the Raft snapshot's data, which the node keeps in a file beside the database,
/// moved into the snapshot's row, as versions before snapshot files stored it. So the copy is a
/// database the store opens as it is, and one file to keep.
extension NodeStore {
    /// How often a backup starts over when the node replaced its snapshot file between the read
    /// that named it and the open: once per snapshot the node takes, so rarely more than once.
    static let backupAttempts = 5

    /// Copies the database at `source` (the node may be running on it) to a new file at
    /// `destination`, fsynced, and returns what the copy holds, read back from it. Refuses an
    /// existing `destination`: a backup never overwrites.
    public static func backup(
        databaseAt source: String, to destination: String, options: StorageOptions = StorageOptions()
    ) throws -> (durable: DurableState, appliedIndex: LogIndex) {
        guard FileManager.default.fileExists(atPath: source) else {
            throw NodeStorageError(.cannotOpen, path: source, message: "there is no database to back up")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw NodeStorageError(.invalidInput, path: destination, message: "already exists: a backup never overwrites a file")
        }
        let partial = destination + ".partial"
        unlink(partial)
        do {
            let copied = try copyAtOneInstant(source, to: partial, options: options)
            try DurableFile.sync(partial)
            guard rename(partial, destination) == 0 else { throw SnapshotFileError(operation: "rename", path: partial, errno: errno) }
            try DurableFile.syncDirectory(URL(fileURLWithPath: destination).deletingLastPathComponent().path)
            return copied
        } catch {
            unlink(partial)
            switch error {
            case let error as NodeStorageError: throw error
            case let error as CorruptData: throw NodeStorageError(.corrupt, path: source, message: error.reason)
            default: throw NodeStorageError(.sqlite, path: destination, message: "cannot write the backup: \(error)")
            }
        }
    }

    /// Makes the backup at `backup` the database at `path`, which must not exist yet, fsynced.
    /// The caller holds the lock of `path` (`StoreLock`). Returns what it holds.
    public static func restore(
        backup: String, to path: String, options: StorageOptions = StorageOptions()
    ) throws -> (durable: DurableState, appliedIndex: LogIndex) {
        for existing in [path, path + "-wal"] where FileManager.default.fileExists(atPath: existing) {
            throw NodeStorageError(
                .invalidInput, path: path,
                message: "\(URL(fileURLWithPath: existing).lastPathComponent) exists: a backup is restored into an empty data "
                    + "directory only (move this one aside first)")
        }
        let held = try readBackup(backup, options: options)
        let partial = path + ".partial"
        unlink(partial)
        do {
            let source = try DatabaseQueue(path: backup, configuration: readOnly)
            let target = try DatabaseQueue(path: partial)
            try source.backup(to: target)
            try target.close()
            try source.close()
            try DurableFile.sync(partial)
            guard rename(partial, path) == 0 else { throw SnapshotFileError(operation: "rename", path: partial, errno: errno) }
            try DurableFile.syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            unlink(partial)
            throw NodeStorageError(.cannotOpen, path: path, message: "cannot restore \(backup): \(error)")
        }
        return held
    }

    /// What a backup file holds, checked as `load` checks a store.
    public static func readBackup(_ path: String, options: StorageOptions = StorageOptions()) throws -> (
        durable: DurableState, appliedIndex: LogIndex
    ) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw NodeStorageError(.cannotOpen, path: path, message: "there is no such backup file")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            defer { try? queue.close() }
            return try queue.read { db in
                let durable = try StoredState.durable(db, options: options) { file in
                    throw CorruptData(reason: "its snapshot names the file \(file.name): a backup holds the data in its row")
                }
                if let defect = durable.defect { throw CorruptData(reason: "its Raft state is inconsistent: \(defect)") }
                return (durable, try StoredState.appliedIndex(db))
            }
        } catch let error as CorruptData {
            throw NodeStorageError(.corrupt, path: path, message: "not a usable backup: \(error.reason)")
        } catch let error as DatabaseError {
            throw NodeStorageError(.corrupt, path: path, message: "not a usable backup: \(error)")
        }
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return configuration
    }

    /// The copy proper. The snapshot's file is opened inside the read transaction that copies
    /// the pages: if the node has replaced it since that transaction began, the file is gone and
    /// the copy starts over; once open, the data stays readable whatever the node unlinks.
    private static func copyAtOneInstant(
        _ source: String, to partial: String, options: StorageOptions
    ) throws -> (durable: DurableState, appliedIndex: LogIndex) {
        let reader = try DatabaseQueue(path: source, configuration: readOnly)
        defer { try? reader.close() }
        for _ in 1...backupAttempts {
            unlink(partial)
            let target = try DatabaseQueue(path: partial)
            let copied: Bool = try target.writeWithoutTransaction { targetDB in
                try reader.read { db in
                    var snapshotFile: (handle: FileHandle, name: String, bytes: Int64)?
                    if let row = try Row.fetchOne(db, sql: "SELECT file, file_bytes FROM raft_snapshot WHERE id = 0"),
                        let name = row[0] as String?
                    {
                        guard let handle = FileHandle(forReadingAtPath: source + ".snapshots/" + name) else { return false }
                        snapshotFile = (handle, name, try Columns.int64(row, 1, "snapshot file size"))
                    }
                    defer { try? snapshotFile?.handle.close() }
                    try db.backup(to: targetDB)
                    if let snapshotFile {
                        let data = try snapshotFile.handle.readToEnd() ?? Data()
                        guard data.count == snapshotFile.bytes, data.count <= options.maxSnapshotBytes else {
                            throw CorruptData(
                                reason: "snapshot file \(snapshotFile.name) holds \(data.count) bytes, not the \(snapshotFile.bytes) its row names")
                        }
                        try targetDB.execute(
                            sql: "UPDATE raft_snapshot SET data = ?, file = NULL, file_bytes = NULL WHERE id = 0", arguments: [data])
                    }
                    // The copy keeps the node's WAL mode in its header; a backup is one self-contained file.
                    try targetDB.execute(sql: "PRAGMA journal_mode = DELETE")
                    return true
                }
            }
            try target.close()
            if copied { return try readBackup(partial, options: options) }
        }
        throw NodeStorageError(
            .sqlite, path: source, message: "its snapshot file was replaced \(backupAttempts) times during the backup; try again")
    }
}

extension DurableFile {
    /// fsync of a file written by another API (SQLite's, here).
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotFileError(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SnapshotFileError(operation: "fsync", path: path, errno: errno) }
    }
}
