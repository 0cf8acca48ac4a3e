import Consensus
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot's data, in a file beside the database. At a million tickets a snapshot is 263 MiB:
/// stored in SQLite it held the one writer (and so the node's loop) for seconds, and dropping an
/// old one rewrote as many pages again. A file is written and fsynced on any thread, before the
/// row that names it commits, and dropped with one unlink.
public struct SnapshotFile: Sendable, Equatable {
    public let name: String
    public let bytes: Int
}

extension NodeStore {
    /// `node.sqlite` keeps its snapshots in `node.sqlite.snapshots/`.
    var snapshotDirectory: String { path + ".snapshots" }

    /// Writes `data` under a name no other write uses, durably (the file, then its directory).
    /// Until `saveSnapshot` names it, the file is an orphan that the next save or open removes.
    public func writeSnapshotFile(index: LogIndex, data: [UInt8]) throws -> SnapshotFile {
        guard data.count <= options.maxSnapshotBytes else {
            throw NodeStorageError(
                .invalidInput, path: path,
                message: "snapshot of \(data.count) bytes exceeds the limit of \(options.maxSnapshotBytes)")
        }
        let name = "snapshot-\(index)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).bin"
        let final = snapshotDirectory + "/" + name
        let partial = final + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: snapshotDirectory, withIntermediateDirectories: true)
            try DurableFile.store(data, at: partial)
            guard rename(partial, final) == 0 else { throw SnapshotFileError(operation: "rename", path: partial, errno: errno) }
            try DurableFile.syncDirectory(snapshotDirectory)
        } catch {
            unlink(partial)
            throw NodeStorageError(.sqlite, path: path, message: "cannot write snapshot file \(final): \(error)")
        }
        return SnapshotFile(name: name, bytes: data.count)
    }

    func readSnapshotFile(_ file: SnapshotFile) throws -> [UInt8] {
        guard file.bytes <= options.maxSnapshotBytes, !file.name.contains("/") else {
            throw CorruptData(reason: "snapshot file \(file.name) of \(file.bytes) bytes cannot be one this store wrote")
        }
        let location = snapshotDirectory + "/" + file.name
        guard let data = FileManager.default.contents(atPath: location) else {
            throw CorruptData(reason: "snapshot file \(location) is missing or unreadable")
        }
        guard data.count == file.bytes else {
            throw CorruptData(reason: "snapshot file \(location) holds \(data.count) bytes, not the \(file.bytes) stored")
        }
        return [UInt8](data)
    }

    /// Removes every snapshot file but `kept`: older snapshots, and orphans of writes that a crash
    /// or a refused save left behind. Files still being written are another thread's, except at
    /// open, when no other thread writes. A file that cannot be removed is left for the next time.
    func removeSnapshotFiles(except kept: String?, includingPartial: Bool = false) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: snapshotDirectory) else { return }
        for name in names where name != kept && name.hasPrefix("snapshot-") && (includingPartial || !name.hasSuffix(".partial")) {
            unlink(snapshotDirectory + "/" + name)
        }
    }

    /// A file about to be named by the stored snapshot must still be there, whole: a leader's
    /// snapshot installed meanwhile removes the files it does not name.
    func checkSnapshotFile(_ file: SnapshotFile) throws {
        let location = snapshotDirectory + "/" + file.name
        let size = (try? FileManager.default.attributesOfItem(atPath: location)[.size] as? NSNumber)?.intValue
        guard size == file.bytes else {
            throw InvalidInput(reason: "snapshot file \(location) is gone or not \(file.bytes) bytes; not stored")
        }
    }
}

/// POSIX writes with fsync; Foundation's file writes do not sync.
enum DurableFile {
    static func store(_ data: [UInt8], at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SnapshotFileError(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, min(data.count - written, 1 << 24))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw SnapshotFileError(operation: "write", path: path, errno: errno) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw SnapshotFileError(operation: "fsync", path: path, errno: errno) }
    }

    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SnapshotFileError(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SnapshotFileError(operation: "fsync", path: path, errno: errno) }
    }
}

struct SnapshotFileError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let errno: Int32

    var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}
