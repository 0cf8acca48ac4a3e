import Foundation
import LocalCluster
import Testing
import ZeroMQ

/// The clusterctl built beside center-node, as `swift test` builds every product.
private let clusterctl: String? = {
    guard let centerNode = try? CenterNodeLocator.locate() else { return nil }
    let path = URL(fileURLWithPath: centerNode).deletingLastPathComponent().appendingPathComponent("clusterctl").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}()

/// `clusterctl keys generate`, run as install.sh and an SRE run it: a pair that belongs together,
/// the secret key readable by its owner only, and never a file replaced.
@Suite(.enabled(if: clusterctl != nil, "needs a built clusterctl"))
struct KeysCommandTests {
    static func keys(_ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(try #require(clusterctl), ["keys", "generate"] + arguments, timeoutSeconds: 30)
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func writesAPairWithTheSecretKeyPrivate() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let run = try Self.keys(["--out-dir", directory, "--name", "node-3"])
        try #require(run.status == 0, "keys generate: \(run.errors)")
        let publicPath = directory + "/node-3.pub"
        let secretPath = directory + "/node-3.key"
        #expect(try Self.mode(secretPath) == 0o600)
        #expect(try Self.mode(publicPath) == 0o644)
        // The two files belong together (load refuses a mismatched pair) and the public key is printed.
        let pair = try CurveKeyPair.load(publicKeyPath: publicPath, secretKeyPath: secretPath)
        #expect(run.output.contains(pair.publicKey.z85))
        #expect(!run.output.contains(pair.secretKey.z85), "the secret key is never printed")
        // Only the two files: the temporary names are gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["node-3.key", "node-3.pub"])
    }

    @Test func refusesToReplaceAnExistingFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #require(try Self.keys(["--out-dir", directory, "--name", "node-1"]).status == 0)
        let secretBefore = try String(contentsOfFile: directory + "/node-1.key", encoding: .utf8)

        let again = try Self.keys(["--out-dir", directory, "--name", "node-1"])
        #expect(again.status == 1)
        #expect(again.errors.contains("exists: not replacing it"), "\(again.errors)")
        #expect(try String(contentsOfFile: directory + "/node-1.key", encoding: .utf8) == secretBefore)

        // Half a pair counts too: with only the public key there, no secret key is written beside it.
        try FileManager.default.removeItem(atPath: directory + "/node-1.key")
        #expect(try Self.keys(["--out-dir", directory, "--name", "node-1"]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/node-1.key"))
    }

    @Test func refusesANameWithASlashAndAMissingDirectory() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A usage error (swift-argument-parser's 64): the name would leave --out-dir.
        #expect(try Self.keys(["--out-dir", directory, "--name", "../escape"]).status == 64)
        let missing = try Self.keys(["--out-dir", directory + "/absent", "--name", "node-1"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("is not a directory"), "\(missing.errors)")
    }
}
