import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fills a store's write-ahead log with zeros up to a size, past what SQLite wrote, as etcd
/// preallocates its WAL segments. An fsync of a file that grew must also commit the file system's
/// journal (the new size, the blocks allocated); one that overwrites does not. SQLite never shrinks
/// its log, so a loaded node's log reaches its ceiling and stays there; a fresh node's grew for the
/// first 64 MiB, and its fsyncs took half again as long meanwhile (measured on this machine's disk:
/// 150 against 100 us). `fallocate` does not help: writing into its unwritten extents changes them
/// the same way. Only zeros past the end are written: frames already there (after a crash) stay,
/// and SQLite's recovery stops at the first frame whose salt and checksum do not match its header's,
/// as a zero frame's do (a zero header is no log at all).
enum WALPreallocation {
    static let chunkBytes = 1 << 20

    static func fill(walPath: String, toBytes target: Int, databasePath: String) throws {
        func failure(_ what: String) -> NodeStorageError {
            NodeStorageError(.cannotOpen, path: databasePath, message: "cannot preallocate its write-ahead log \(walPath): \(what): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(walPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("fstat") }
        let original = Int(status.st_size)
        var size = original
        guard size < target else { return }
        let zeros = [UInt8](repeating: 0, count: chunkBytes)
        while size < target {
            let count = min(chunkBytes, target - size)
            let written = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, count, off_t(size)) }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == ENOSPC || errno == EDQUOT) {
                // No room for the zeros: the log grows as it would have, and a disk that fills
                // up later stops the node with its own message. The room taken is given back.
                guard ftruncate(descriptor, off_t(original)) == 0 else { throw failure("truncate back") }
                return
            }
            guard written > 0 else { throw failure("write") }
            size += written
        }
        guard fsync(descriptor) == 0 else { throw failure("fsync") }
    }
}
