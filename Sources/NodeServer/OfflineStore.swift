import ClusterConfig
import Consensus
import Foundation
import NodeStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an offline command changed nothing: the text says why and what to do.
public struct OfflineRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A stopped node's store, opened by an operator's command under the store's lock, so that no
/// node runs on it meanwhile and none can start until the command is done.
struct OfflineStore {
    let lock: StoreLock
    let store: NodeStore
    let durable: DurableState
    let appliedIndex: LogIndex

    /// Opens the store of `config`'s node, which must exist; refuses while the node runs.
    init(_ config: NodeConfig) throws {
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            throw OfflineRefusal(
                "\(config.databasePath) does not exist: node \(config.id) holds no data in \(config.dataDirectory) "
                    + "(check dataDirectory in the configuration file)")
        }
        lock = try Self.lock(config)
        store = try NodeStore(path: config.databasePath)
        let loaded = try store.load()
        durable = loaded.durable
        appliedIndex = loaded.appliedIndex
    }

    /// The lock of `config`'s store, or a refusal naming the running node.
    static func lock(_ config: NodeConfig) throws -> StoreLock {
        try checkOwner(config)
        let lock: StoreLock
        do {
            lock = try StoreLock(databasePath: config.databasePath)
        } catch {
            guard error.kind == .inUse else { throw error }
            throw OfflineRefusal(
                "node \(config.id) is running: \(error.message). Stop it first (`systemctl stop center-node`, "
                    + "`clusterctl local stop --dir DIR --node \(config.id)`, or SIGTERM to its pid) and run this again")
        }
        return lock
    }

    /// An operator's sudo must not leave root's files in the node's directory: the node, running as
    /// its own user, could not open them and would not start.
    static func checkOwner(_ config: NodeConfig) throws {
        var info = stat()
        guard stat(config.dataDirectory, &info) == 0, info.st_uid != geteuid() else { return }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(info.st_uid)"
        throw OfflineRefusal(
            "\(config.dataDirectory) belongs to \(owner), not to the user running this: the files this command writes "
                + "there would not be the node's. Run it as the node's user (`sudo -u \(owner) center-node ...`)")
    }

    func close() throws {
        try store.close()
        lock.release()
    }
}

/// The figures an operator compares across the survivors before choosing where to force a new
/// cluster: the one with the highest last index holds the most.
struct StateFigures {
    var durable: DurableState
    var appliedIndex: LogIndex

    var lines: [String] {
        let hard = durable.hardState
        return [
            "  last index \(durable.lastIndex) (term \(durable.lastTerm)), commit index \(hard.commit), applied index \(appliedIndex), "
                + "snapshot index \(durable.snapshot.index)",
            "  term \(hard.term), voted for \(hard.vote.map { "node \($0)" } ?? "nobody")",
            "  configuration: \(Self.describe(durable.newestMembership))",
        ]
    }

    static func describe(_ membership: Membership) -> String {
        "voters \(list(membership.voters)); learners \(membership.learners.isEmpty ? "none" : list(membership.learners))"
    }

    static func list(_ ids: [NodeID]) -> String {
        ids.isEmpty ? "none" : ids.map(String.init).joined(separator: ", ")
    }
}
