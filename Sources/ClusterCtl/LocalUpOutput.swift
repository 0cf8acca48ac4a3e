import Foundation
import LocalCluster

/// What `local up` prints: for `-o json` everything a test suite needs to connect (endpoints, key
/// files, pids), for people a summary with the next commands to try.
struct LocalUpOutput: Encodable {
    var directory: String
    var stateFile: String
    var centerNode: String
    var reused: Bool
    var alreadyRunning: [UInt64]
    var leader: UInt64
    var term: UInt64
    var clientKey: LocalClusterState.KeyFiles
    var adminKey: LocalClusterState.KeyFiles
    var nodes: [LocalClusterState.NodeRecord]
    /// The topology file loaded once the leader was elected (`--topology`), absolute.
    var topology: String?

    init(_ result: LocalClusterControl.UpResult) {
        directory = result.state.directory
        stateFile = LocalClusterState.path(in: result.state.directory)
        centerNode = result.state.centerNode
        reused = result.reused
        alreadyRunning = result.alreadyRunning
        leader = result.leader.leader
        term = result.leader.term
        clientKey = result.state.clientKey
        adminKey = result.state.adminKey
        nodes = result.state.nodes
    }

    var summary: String {
        let leaderCenter = nodes.first { $0.id == leader }?.center ?? "?"
        let rows =
            [["NODE", "CENTER", "PID", "CLIENT", "PEER", "HTTP"]]
            + nodes.map { ["\($0.id)", $0.center, $0.pid.map(String.init) ?? "-", $0.client, $0.peer, $0.http] }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let table = rows.map { row in
            let cells = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            return "  " + cells.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        return ([
            "\(reused ? "restarted" : "started") a local cluster of \(nodes.count) nodes in \(directory)"
                + (alreadyRunning.isEmpty ? "" : " (already running, left alone: node \(alreadyRunning.map(String.init).joined(separator: ", ")))"),
            "leader: node \(leader) (\(leaderCenter)), term \(term)"
                + (topology.map { "; topology \($0) loaded (\(nodes.count) centers)" } ?? ""),
            "",
        ] + table + [
            "",
            "logs:   \(directory)/node-K/node.log",
            "keys:   \(directory)/keys (client.pub/.key and admin.pub/.key for the API; node-K.pub/.key)",
            "state:  \(stateFile) (endpoints, keys, pids)",
            "binary: \(centerNode)",
            "",
            "next:",
            "  clusterctl --cluster \(directory) status",
            "  clusterctl local down --dir \(directory)",
        ]).joined(separator: "\n")
    }
}
