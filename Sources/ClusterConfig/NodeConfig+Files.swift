import ZeroMQ

extension NodeConfig {
    /// Problems with the key files the configuration names, each naming its field: files that are
    /// missing or not keys, a secret key others may read, a pair that does not belong together,
    /// and this node's `members` entry naming another key. Checked before anything is bound.
    public var fileProblems: [ConfigError.Problem] {
        var found: [ConfigError.Problem] = []
        func key(_ field: String, _ load: () throws(CurveKeyError) -> CurveKey) -> CurveKey? {
            do {
                return try load()
            } catch {
                found.append(ConfigError.Problem(field: field, problem: error.description))
                return nil
            }
        }
        let publicKey = key("keys.publicKey") { () throws(CurveKeyError) in try CurveKey(contentsOfFile: keys.publicKey) }
        let secretKey = key("keys.secretKey") { () throws(CurveKeyError) in try CurveKey(secretKeyFile: keys.secretKey) }
        if let publicKey, let secretKey {
            do {
                _ = try CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
            } catch {
                found.append(.init(field: "keys.secretKey", problem: "does not belong to keys.publicKey \(keys.publicKey)"))
            }
        }
        for (position, member) in members.enumerated() {
            let field = "members[\(position)].publicKey"
            let memberKey = key(field) { () throws(CurveKeyError) in try CurveKey(contentsOfFile: member.publicKey) }
            if member.id == id, let memberKey, let publicKey, memberKey != publicKey {
                found.append(.init(field: field, problem: "names another key than keys.publicKey: this node's own entry must carry its key"))
            }
        }
        for (list, paths) in [("clientKeys", clientKeys), ("adminKeys", adminKeys)] {
            for (position, path) in paths.enumerated() {
                _ = key("\(list)[\(position)]") { () throws(CurveKeyError) in try CurveKey(contentsOfFile: path) }
            }
        }
        return found
    }
}
