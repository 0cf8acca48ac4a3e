#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key files hold the Z85 text and a newline, the same as `zmq_curve_keypair` output, so they can be
/// made and read with any tool.
extension CurveKey {
    public init(contentsOfFile path: String) throws(CurveKeyError) {
        let text = try KeyFile.readText(path)
        try self.init(z85: text)
    }

    /// A secret key, refused (as ssh refuses a private key) when anyone but the file's owner may
    /// read or write it.
    public init(secretKeyFile path: String) throws(CurveKeyError) {
        let text = try KeyFile.readText(path, ownerOnly: true)
        try self.init(z85: text)
    }

    public func write(toFile path: String, permissions: mode_t = 0o644) throws(CurveKeyError) {
        try KeyFile.writeText(z85 + "\n", to: path, permissions: permissions)
    }
}

extension CurveKeyPair {
    /// Fails with `mismatchedPair` when the two files do not belong together.
    public static func load(publicKeyPath: String, secretKeyPath: String) throws(CurveKeyError) -> CurveKeyPair {
        try CurveKeyPair(
            publicKey: CurveKey(contentsOfFile: publicKeyPath),
            secretKey: CurveKey(secretKeyFile: secretKeyPath))
    }

    /// The secret key file is created with mode 0600 from the start (never briefly wider) and replaces
    /// any old file atomically; the public key file gets 0644.
    public func save(publicKeyPath: String, secretKeyPath: String) throws(CurveKeyError) {
        try secretKey.write(toFile: secretKeyPath, permissions: 0o600)
        try publicKey.write(toFile: publicKeyPath, permissions: 0o644)
    }
}

enum KeyFile {
    /// Far above 40 characters plus a line ending; stops a wrong path (a log, a device) from being read whole.
    static let maximumBytes = 4096

    static func readText(_ path: String, ownerOnly: Bool = false) throws(CurveKeyError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .fileUnreadable(path: path, errno: errno) }
        defer { close(fd) }
        if ownerOnly {
            var status = stat()
            guard fstat(fd, &status) == 0 else { throw .fileUnreadable(path: path, errno: errno) }
            let mode = UInt32(status.st_mode) & 0o777
            guard mode & 0o077 == 0 else { throw .secretKeyExposed(path: path, mode: mode) }
        }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while contents.count <= maximumBytes {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileUnreadable(path: path, errno: errno)
            }
            contents += buffer.prefix(count)
        }
        guard contents.count <= maximumBytes else { throw .fileUnreadable(path: path, errno: EFBIG) }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let trimmed = contents.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// Writes a sibling temporary file and renames it over `path`, so readers see the old key or the
    /// new one, never half of one.
    static func writeText(_ text: String, to path: String, permissions: mode_t) throws(CurveKeyError) {
        let temporaryPath = "\(path).tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .fileUnwritable(path: path, errno: errno) }
        let failure = fillAndSync(fd, text, permissions)
        close(fd)
        if failure == 0, rename(temporaryPath, path) == 0 { return }
        let code = failure != 0 ? failure : errno
        unlink(temporaryPath)
        throw .fileUnwritable(path: path, errno: code)
    }

    /// Returns 0 or the errno of the step that failed.
    private static func fillAndSync(_ fd: Int32, _ text: String, _ permissions: mode_t) -> Int32 {
        // open() applied the umask; set exactly the mode asked for.
        guard fchmod(fd, permissions) == 0 else { return errno }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            bytes = bytes.dropFirst(count)
        }
        return fsync(fd) == 0 ? 0 : errno
    }
}
