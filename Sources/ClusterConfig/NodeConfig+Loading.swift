import Foundation
import StrictJSON

extension NodeConfig {
    /// Reads, decodes and validates a configuration file, and the key files it names; every error
    /// names the file and the field. Unknown fields are errors (a typo must not fall back to a
    /// default silently).
    public static func load(path: String) throws(ConfigError) -> NodeConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, problems: [.init(field: "", problem: "cannot be read: \(error.localizedDescription)")])
        }
        let config = try parse([UInt8](data), file: path)
        let resolved = config.resolvingPaths(relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let fileProblems = resolved.fileProblems
        guard fileProblems.isEmpty else { throw ConfigError(file: path, problems: fileProblems) }
        return resolved
    }

    /// The file's text decoded and checked, without the key files it names (`file` is for the
    /// errors only). What a fuzzer drives: it must refuse anything, never crash.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> NodeConfig {
        let config: NodeConfig
        do {
            config = try StrictJSON.decode(NodeConfig.self, from: bytes)
        } catch {
            throw ConfigError(file: file, problems: [.init(field: error.path, problem: error.problem)])
        }
        let problems = config.problems
        guard problems.isEmpty else { throw ConfigError(file: file, problems: problems) }
        return config
    }

    /// Relative file paths in the configuration are relative to the file itself, so a cluster
    /// directory can be moved as a whole.
    public func resolvingPaths(relativeTo directory: String) -> NodeConfig {
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardized.path
        }
        var resolved = self
        resolved.dataDirectory = resolve(dataDirectory)
        resolved.keys = KeyPaths(publicKey: resolve(keys.publicKey), secretKey: resolve(keys.secretKey))
        resolved.members = members.map { member in
            var member = member
            member.publicKey = resolve(member.publicKey)
            return member
        }
        resolved.clientKeys = clientKeys.map(resolve)
        resolved.adminKeys = adminKeys.map(resolve)
        return resolved
    }
}
