import ClusterConfig
import Consensus
import PeerLinks
import ZeroMQ

/// The keys a node's configuration names, loaded with errors that say which file is at fault.
enum NodeKeys {
    static func keyPair(_ config: NodeConfig) throws -> CurveKeyPair {
        do {
            return try CurveKeyPair.load(publicKeyPath: config.keys.publicKey, secretKeyPath: config.keys.secretKey)
        } catch {
            throw NodeSetupError("keys \(config.keys.publicKey) and \(config.keys.secretKey): \(error)")
        }
    }

    static func publicKey(_ path: String, field: String) throws -> CurveKey {
        do {
            return try CurveKey(contentsOfFile: path)
        } catch {
            throw NodeSetupError("\(field) \(path): \(error)")
        }
    }

    static func peerAddresses(_ config: NodeConfig) throws -> [NodeID: PeerAddress] {
        var addresses: [NodeID: PeerAddress] = [:]
        for member in config.members where member.id != config.id {
            let key = try publicKey(member.publicKey, field: "members[id \(member.id)].publicKey")
            addresses[member.id] = PeerAddress(endpoint: member.peer, publicKey: key)
        }
        return addresses
    }

    /// Client and admin keys with their roles; an admin key listed as a client too stays admin.
    static func callers(_ config: NodeConfig) throws -> [CurveKey: String] {
        var roles: [CurveKey: String] = [:]
        for path in config.clientKeys {
            let key = try publicKey(path, field: "clientKeys")
            roles[key] = Caller.userID(role: .client, key: key)
        }
        for path in config.adminKeys {
            let key = try publicKey(path, field: "adminKeys")
            roles[key] = Caller.userID(role: .admin, key: key)
        }
        return roles
    }
}
