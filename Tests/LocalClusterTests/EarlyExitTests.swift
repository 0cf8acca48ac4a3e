import Foundation
import LocalCluster
import Testing

@Suite struct EarlyExitTests {
    @Test func waitingForALeaderFailsAtOnceWithTheExitStatusAndTheLog() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let standIn = try makeStandIn(in: directory, body: "echo 'fatal: cannot open the database'\nexit 3")
        var (state, _) = try LocalClusterControl.prepare(
            directory: directory + "/cluster", nodeCount: 1, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 1, in: &state)
        defer { stopAllNodes(state) }

        let started = ContinuousClock.now
        let error = #expect(throws: LocalClusterError.self) {
            try LocalClusterControl.waitForLeader(state, options: LeaderWait.Options(timeoutMs: 20_000))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        guard case .nodeExited(let nodeID, _, let status, _, let logTail)? = error else {
            Issue.record("expected nodeExited, got \(String(describing: error))")
            return
        }
        #expect(nodeID == 1)
        #expect(status == .exited(code: 3))
        #expect(logTail.contains("fatal: cannot open the database"))
        let message = error?.description ?? ""
        #expect(message.contains("exited with status 3"))
        #expect(message.contains("fatal: cannot open the database"))
    }

    @Test func upStopsTheOtherNodesWhenOneExits() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Node 2 fails; node 1 would run forever.
        let standIn = try makeStandIn(
            in: directory,
            body: """
                case "$2" in *node-2*) echo "node 2 refuses"; exit 4;; esac
                \(longRunningBody)
                """)
        let clusterDirectory = directory + "/cluster"
        let error = #expect(throws: LocalClusterError.self) {
            try LocalClusterControl.up(
                directory: clusterDirectory, nodeCount: 2, centerNode: standIn,
                leaderWait: LeaderWait.Options(timeoutMs: 20_000))
        }
        guard case .nodeExited(2, _, .exited(code: 4), _, let logTail)? = error else {
            Issue.record("expected node 2 to exit with 4, got \(String(describing: error))")
            return
        }
        #expect(logTail.last == "node 2 refuses")
        let state = try LocalClusterState.load(directory: clusterDirectory)
        defer { stopAllNodes(state) }
        #expect(state.nodes.allSatisfy { $0.pid == nil })
        #expect(LocalClusterControl.runningNodes(state).isEmpty)
    }

    @Test func aMissingExecutableIsNamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: LocalClusterError.centerNodeNotExecutable(path: directory + "/nothing-here")) {
            try LocalClusterControl.up(directory: directory + "/cluster", nodeCount: 1, centerNode: directory + "/nothing-here")
        }
    }
}
