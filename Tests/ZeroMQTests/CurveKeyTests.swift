#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import ZeroMQ

@Suite struct CurveKeyTests {
    @Test func generatedKeysAre40CharacterZ85() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.z85.count == 40)
        #expect(pair.secretKey.z85.count == 40)
        #expect(pair.publicKey != pair.secretKey)
        #expect(pair.publicKey.bytes.count == 32)
        #expect(CurveKey(bytes: pair.publicKey.bytes) == pair.publicKey)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(try CurveKeyPair.generate() != pair)
        #expect(!String(describing: pair).contains(pair.secretKey.z85))
    }

    @Test func invalidZ85TextIsRejectedWithAClearReason() {
        #expect(throws: CurveKeyError.wrongLength(characters: 39)) {
            try CurveKey(z85: String(repeating: "a", count: 39))
        }
        #expect(throws: CurveKeyError.invalidCharacter(position: 3)) {
            try CurveKey(z85: "abc" + "\"" + String(repeating: "a", count: 36))
        }
        // "#####" is 85^5 - 1, beyond what 4 bytes can hold.
        #expect(throws: CurveKeyError.groupOverflow(position: 5)) {
            try CurveKey(z85: "aaaaa#####" + String(repeating: "a", count: 30))
        }
        #expect(throws: CurveKeyError.invalidCharacter(position: 1)) {
            try CurveKey(z85: "aé" + String(repeating: "a", count: 38))
        }
        #expect(CurveKey(bytes: [1, 2, 3]) == nil)
        #expect(CurveKeyError.wrongLength(characters: 3).description.contains("40 characters"))
    }

    @Test func mismatchedPairIsRejected() throws {
        let one = try CurveKeyPair.generate()
        let other = try CurveKeyPair.generate()
        #expect(throws: CurveKeyError.mismatchedPair) {
            try CurveKeyPair(publicKey: one.publicKey, secretKey: other.secretKey)
        }
    }

    @Test func keyFilesRoundTripWithAPrivateSecretFile() throws {
        let directory = try TemporaryDirectory()
        let publicPath = directory.path + "/node.key"
        let secretPath = directory.path + "/node.key_secret"
        let pair = try CurveKeyPair.generate()

        try pair.save(publicKeyPath: publicPath, secretKeyPath: secretPath)
        #expect(try permissions(secretPath) == 0o600)
        #expect(try permissions(publicPath) == 0o644)
        #expect(try CurveKeyPair.load(publicKeyPath: publicPath, secretKeyPath: secretPath) == pair)
        #expect(try CurveKey(contentsOfFile: publicPath) == pair.publicKey)

        // Saving over an old, too-open secret file leaves it private too.
        #expect(chmod(secretPath, 0o666) == 0)
        let replacement = try CurveKeyPair.generate()
        try replacement.save(publicKeyPath: publicPath, secretKeyPath: secretPath)
        #expect(try permissions(secretPath) == 0o600)
        #expect(try CurveKeyPair.load(publicKeyPath: publicPath, secretKeyPath: secretPath) == replacement)
    }

    @Test func badKeyFilesFailClearly() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing.key"
        #expect(throws: CurveKeyError.fileUnreadable(path: missing, errno: ENOENT)) {
            try CurveKey(contentsOfFile: missing)
        }
        let one = try CurveKeyPair.generate()
        let other = try CurveKeyPair.generate()
        try one.publicKey.write(toFile: directory.path + "/a.key")
        try other.secretKey.write(toFile: directory.path + "/b.key_secret", permissions: 0o600)
        #expect(throws: CurveKeyError.mismatchedPair) {
            try CurveKeyPair.load(
                publicKeyPath: directory.path + "/a.key", secretKeyPath: directory.path + "/b.key_secret")
        }
        try TemporaryDirectory.writeText("not a key\n", to: directory.path + "/garbage.key")
        #expect(throws: CurveKeyError.wrongLength(characters: 9)) {
            try CurveKey(contentsOfFile: directory.path + "/garbage.key")
        }
    }
}

private func permissions(_ path: String) throws -> mode_t {
    var info = stat()
    try #require(stat(path, &info) == 0)
    return info.st_mode & 0o777
}

/// A fresh directory under /tmp, removed with its files when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/zeromq-tests-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil)
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    static func writeText(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        try #require(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }
}
