import Foundation

extension NodeConfig {
    /// Reads, decodes and validates a configuration file; every error names the file and the field.
    public static func load(path: String) throws(ConfigError) -> NodeConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, problems: [.init(field: "", problem: "cannot be read: \(error.localizedDescription)")])
        }
        let config: NodeConfig
        do {
            config = try JSONDecoder().decode(NodeConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError(file: path, problems: [problem(of: error)])
        } catch {
            throw ConfigError(file: path, problems: [.init(field: "", problem: "is not valid JSON: \(error)")])
        }
        let problems = config.problems
        guard problems.isEmpty else { throw ConfigError(file: path, problems: problems) }
        return config.resolvingPaths(relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent().path)
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

    private static func problem(of error: DecodingError) -> ConfigError.Problem {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            (codingPath + (last.map { [$0] } ?? [])).reduce("") { text, key in
                if let position = key.intValue { return "\(text)[\(position)]" }
                return text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath, key), problem: "is required but missing")
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath), problem: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), problem: "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .init(field: field, problem: field.isEmpty ? "is not valid JSON" : "is not a valid value")
        @unknown default:
            return .init(field: "", problem: "cannot be decoded: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}
