import ClusterConfig
import Consensus
import Foundation
import NodeStorage

/// `center-node --backup-to FILE` and `--restore-from FILE`, etcd's `snapshot save` and
/// `snapshot restore`: a copy of a node's database at one instant, taken while it runs, and a new
/// one-voter cluster made from such a copy in an empty data directory.
public enum NodeBackup {
    /// Copies `config`'s node's database (running or not) to `destination`, a new file.
    public static func backup(config: NodeConfig, configPath: String, to destination: String, say: (String) -> Void) throws {
        let held = try NodeStore.backup(databaseAt: config.databasePath, to: destination)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.intValue ?? 0
        say("backed up node \(config.id) (\(config.center)) to \(destination), \(bytes) bytes:")
        StateFigures(durable: held.durable, appliedIndex: held.appliedIndex).lines.forEach(say)
        say(
            "It holds every write this node had in its log when the backup began. To restore it: center-node --restore-from "
                + "\(destination) --config FILE, with an empty data directory and FILE listing that node as the only voter.")
    }

    /// Restores `backup` into `config`'s empty data directory and makes this node the only voter
    /// of a new configuration, as `--force-new-cluster` does: a copy of a member's data must never
    /// rejoin the cluster it came from, whose log has moved on past it.
    public static func restore(config: NodeConfig, configPath: String, from backup: String, say: (String) -> Void) throws {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let lock = try OfflineStore.lock(config)
        defer { lock.release() }
        let held = try NodeStore.readBackup(backup)
        let old = held.durable.newestMembership
        if let problem = ForceNewCluster.configurationProblem(config, configPath: configPath, old: old) {
            throw OfflineRefusal("\(problem) Nothing was changed")
        }
        let work: PersistWork
        do {
            work = try held.durable.forcingNewCluster(soleVoter: config.id)
        } catch {
            throw OfflineRefusal("\(backup): \(error). Nothing was changed")
        }
        _ = try NodeStore.restore(backup: backup, to: config.databasePath)
        do {
            let store = try NodeStore(path: config.databasePath)
            try store.persist(work)
            try store.close()
        } catch {
            // Half a restore is no state to start from: what this command made goes, so it can run again.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: config.databasePath + suffix) }
            try? FileManager.default.removeItem(atPath: config.databasePath + ".snapshots")
            throw error
        }
        say("restored \(backup) into \(config.databasePath):")
        StateFigures(durable: held.durable, appliedIndex: held.appliedIndex).lines.forEach(say)
        ForceNewCluster.outcome(config, configPath: configPath, before: held.durable, work: work, old: old).forEach(say)
    }
}
