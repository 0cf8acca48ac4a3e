import ArgumentParser
import Foundation
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clusterctl keys generate --out-dir DIR --name NAME`: one CURVE key pair in two files, for a node
/// installed by hand or by Deploy/systemd/install.sh (`local up` makes a local cluster's own keys).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make CURVE key pairs for nodes, clients and admins.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new CURVE key pair: NAME.pub (mode 0644) and NAME.key (mode 0600).",
            discussion: """
                Both files hold the key as Z85 text and a newline, as center-node's configuration expects (keys.publicKey, keys.secretKey, members[].publicKey, clientKeys, adminKeys). An existing file is never replaced: a node's identity changes only when someone removes its key first.

                Example: clusterctl keys generate --out-dir /etc/interflow/keys --name node-3
                Exit status: 0 when both files are written, 1 when either exists or cannot be written.
                """)

        @Option(help: "The existing directory to write the two files in.") var outDir: String
        @Option(help: "The files' base name: NAME.pub and NAME.key.") var name: String

        func validate() throws {
            // A name is one path component: a slash would write somewhere else than --out-dir.
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw ValidationError("--name must be a file name without '/', such as node-3")
            }
        }

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: outDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw failure("\(outDir) is not a directory")
            }
            let directory = URL(fileURLWithPath: outDir)
            let publicPath = directory.appendingPathComponent("\(name).pub").path
            let secretPath = directory.appendingPathComponent("\(name).key").path
            // Checked first for a clear message; `link` below is what makes the refusal hold even
            // if another process creates a file in between.
            for path in [publicPath, secretPath] where exists(path) {
                throw failure("\(path) exists: not replacing it (remove it first to make a new key pair)")
            }
            // `save` replaces files atomically by rename, which would overwrite: write the pair
            // under temporary names, then hard-link each to its name (link(2) never replaces an
            // existing entry) and drop the temporary names.
            let token = "\(getpid())-\(UInt32.random(in: .min ... .max))"
            let temporaryPublic = directory.appendingPathComponent(".\(name).pub.new-\(token)").path
            let temporarySecret = directory.appendingPathComponent(".\(name).key.new-\(token)").path
            defer {
                unlink(temporaryPublic)
                unlink(temporarySecret)
            }
            let pair: CurveKeyPair
            do {
                pair = try CurveKeyPair.generate()
                try pair.save(publicKeyPath: temporaryPublic, secretKeyPath: temporarySecret)
            } catch {
                throw failure(error.description)
            }
            guard link(temporarySecret, secretPath) == 0 else { throw failure(linkFailure(secretPath, errno)) }
            guard link(temporaryPublic, publicPath) == 0 else {
                let code = errno
                // Never leave half a pair: a secret key without its public key.
                unlink(secretPath)
                throw failure(linkFailure(publicPath, code))
            }
            syncDirectory(outDir)
            print("public key: \(publicPath)")
            print("secret key: \(secretPath)")
            print(pair.publicKey.z85)
        }

        /// lstat, so that a dangling symbolic link counts as an existing file too.
        private func exists(_ path: String) -> Bool {
            var status = stat()
            return lstat(path, &status) == 0
        }

        private func linkFailure(_ path: String, _ code: Int32) -> String {
            code == EEXIST
                ? "\(path) exists: not replacing it (remove it first to make a new key pair)"
                : "cannot write \(path): \(String(cString: strerror(code)))"
        }

        /// The new names are made durable too, not only the files' contents (which `save` syncs).
        private func syncDirectory(_ path: String) {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return }
            _ = fsync(fd)
            close(fd)
        }

        /// One line on stderr, then exit status 1; thrown rather than exiting here, so the
        /// temporary files are removed on the way out.
        private func failure(_ message: String) -> ExitCode {
            printError("error: \(message)")
            return ExitCode.failure
        }
    }
}
