import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One process at a time uses a node's database: the running node, or an offline command
/// (`center-node --force-new-cluster`, `--restore-from`, `--print-state`) that must not rewrite the
/// Raft state under a running node. SQLite's own locks cannot say this: in WAL mode any number of
/// processes may open the file, and each would take the other's snapshot files for orphans.
///
/// The lock is `flock` on `node.sqlite.lock` beside the database, held for the holder's life: the
/// kernel releases it when the process ends however it ends (SIGKILL included), so a crash never
/// leaves a stale lock behind. The file holds the holder's pid, for the message that refuses the
/// next one.
public final class StoreLock: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32?>

    /// `node.sqlite` is locked through `node.sqlite.lock`.
    public static func lockPath(databasePath: String) -> String { databasePath + ".lock" }

    /// Takes the lock of the database at `databasePath` without waiting. Throws `.inUse` with the
    /// holder's pid when another process holds it, `.cannotOpen` when the lock file cannot be made
    /// (a read-only or foreign directory). The directory must exist.
    public init(databasePath: String) throws(NodeStorageError) {
        path = Self.lockPath(databasePath: databasePath)
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw NodeStorageError(
                .cannotOpen, path: databasePath, message: "cannot open its lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.recordedPID(opened)
            close(opened)
            guard reason == EWOULDBLOCK else {
                throw NodeStorageError(
                    .cannotOpen, path: databasePath, message: "cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            throw NodeStorageError(
                .inUse, path: databasePath,
                message: "another process\(holder.map { " (pid \($0))" } ?? "") holds its lock \(path): a center-node runs on this data directory")
        }
        Self.record(getpid(), in: opened)
        descriptor = Mutex(opened)
    }

    deinit {
        release()
    }

    /// Gives the lock up; later calls do nothing. Closing the descriptor is what releases it.
    public func release() {
        descriptor.withLock { descriptor in
            if let open = descriptor { close(open) }
            descriptor = nil
        }
    }

    /// Best effort: the pid is for the message only, the lock is the `flock`.
    private static func record(_ pid: pid_t, in descriptor: Int32) {
        let text = Array("\(pid)\n".utf8)
        guard ftruncate(descriptor, 0) == 0 else { return }
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    private static func recordedPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
