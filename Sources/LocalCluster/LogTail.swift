#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The end of a node's log, for error messages.
public enum LogTail {
    /// Only this much of the file's end is read, however long the log has grown.
    static let maxReadBytes = 64 * 1024

    /// The last `lineCount` non-empty lines; empty when the file cannot be read.
    public static func lines(of path: String, lineCount: Int = 20) -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { _ = close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return [] }
        let start = max(0, size - off_t(maxReadBytes))
        var buffer = [UInt8](repeating: 0, count: Int(size - start))
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, start) }
        guard count > 0 else { return [] }
        var lines = String(decoding: buffer.prefix(count), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        // A read that starts mid-file starts mid-line; that partial line would mislead.
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        return Array(lines.suffix(lineCount))
    }
}
