import ArgumentParser
import ClusterConfig
import Foundation
import NodeServer

/// An operator's commands on a node's data directory, run instead of the node. Results go to
/// standard output; a refusal (nothing was changed: the text says why and what to do) or a
/// failure goes to standard error with exit code 1.
struct OfflineCommand: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Copy the node's database at one instant to this new file (the node may be running).", valueName: "backup-file"))
    var backupTo: String?

    @Option(help: ArgumentHelp(
        "Restore this backup into the node's empty data directory, as the only voter of a new cluster.",
        valueName: "backup-file"))
    var restoreFrom: String?

    @Flag(help: ArgumentHelp(
        "On a stopped node whose cluster lost a majority for good: make it the only voter of a new configuration, "
            + "keeping its log. Prints its state and the risks; changes nothing without \(ForceNewCluster.confirmationFlag)."))
    var forceNewCluster = false

    @Flag(name: .customLong(String(ForceNewCluster.confirmationFlag.dropFirst(2))), help: "Confirms --force-new-cluster.")
    var confirmedLostQuorum = false

    @Flag(help: "Print a stopped node's last index and term, commit and applied index, and configuration.")
    var printState = false

    var isRequested: Bool { backupTo != nil || restoreFrom != nil || forceNewCluster || printState }

    func validate(withConfig: Bool) throws {
        let chosen = [
            ("--backup-to", backupTo != nil), ("--restore-from", restoreFrom != nil), ("--force-new-cluster", forceNewCluster),
            ("--print-state", printState),
        ].filter(\.1).map(\.0)
        guard chosen.count <= 1 else { throw ValidationError("give one of \(chosen.joined(separator: ", ")), not several") }
        if let flag = chosen.first, !withConfig {
            throw ValidationError("\(flag) needs --config FILE, the node's configuration file")
        }
        if confirmedLostQuorum && !forceNewCluster {
            throw ValidationError("\(ForceNewCluster.confirmationFlag) confirms --force-new-cluster and nothing else")
        }
    }

    func run(_ config: NodeConfig, configPath: String) throws {
        let say = { (line: String) in print(line) }
        do {
            if let backupTo {
                try NodeBackup.backup(config: config, configPath: configPath, to: backupTo, say: say)
            } else if let restoreFrom {
                try NodeBackup.restore(config: config, configPath: configPath, from: restoreFrom, say: say)
            } else if forceNewCluster {
                try ForceNewCluster.run(config: config, configPath: configPath, confirmed: confirmedLostQuorum, say: say)
            } else {
                try ForceNewCluster.printState(config: config, say: say)
            }
        } catch {
            FileHandle.standardError.write(Data(("center-node: \(error)\n").utf8))
            throw ExitCode.failure
        }
    }
}
