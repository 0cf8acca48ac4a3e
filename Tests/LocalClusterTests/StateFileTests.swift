import Foundation
import LocalCluster
import Testing

@Suite struct StateFileTests {
    @Test func roundTripsThroughTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = try LocalClusterLayout(directory: directory, nodeCount: 3).generate(centerNode: "/opt/center-node")
        state.nodes[1].pid = 4242
        try state.save()
        let loaded = try LocalClusterState.load(directory: directory)
        #expect(loaded == state)
        #expect(loaded.nodes[1].pid == 4242)
        #expect(loaded.nodes[0].pid == nil)
        #expect(FileManager.default.fileExists(atPath: LocalClusterState.path(in: directory)))
    }

    @Test func aMissingOrBrokenFileIsAClearError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: LocalClusterError.noCluster(directory: directory)) {
            try LocalClusterState.load(directory: directory)
        }
        try Data("{\"nodes\": 7}".utf8).write(to: URL(fileURLWithPath: LocalClusterState.path(in: directory)))
        let error = #expect(throws: LocalClusterError.self) { try LocalClusterState.load(directory: directory) }
        guard case .stateUnreadable(let path, _)? = error else {
            Issue.record("expected stateUnreadable, got \(String(describing: error))")
            return
        }
        #expect(path == LocalClusterState.path(in: directory))
    }

    @Test func upRefusesAFolderThatHoldsSomethingElse() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("notes.txt"))
        #expect(throws: LocalClusterError.directoryNotEmpty(path: directory)) {
            try LocalClusterControl.prepare(directory: directory, nodeCount: 3, basePort: nil, centerNode: "/bin/false")
        }
    }

    @Test func upReusesAStoppedClusterWithItsKeysAndPorts() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try LocalClusterControl.prepare(directory: directory, nodeCount: 3, basePort: nil, centerNode: "/bin/a")
        #expect(!first.reused)
        let key = try Data(contentsOf: URL(fileURLWithPath: first.state.adminKey.secretKey))
        var stale = first.state
        stale.nodes[0].pid = 999_999_999
        try stale.save()

        let again = try LocalClusterControl.prepare(directory: directory, nodeCount: nil, basePort: nil, centerNode: "/bin/b")
        #expect(again.reused)
        #expect(again.state.centerNode == "/bin/b")
        #expect(again.state.nodes.map(\.client) == first.state.nodes.map(\.client))
        #expect(again.state.nodes.allSatisfy { $0.pid == nil })
        #expect(try Data(contentsOf: URL(fileURLWithPath: again.state.adminKey.secretKey)) == key)

        #expect(throws: LocalClusterError.nodeCountMismatch(directory: directory, existing: 3, requested: 5)) {
            try LocalClusterControl.prepare(directory: directory, nodeCount: 5, basePort: nil, centerNode: "/bin/b")
        }
    }

    @Test func upRefusesAFolderWhoseClusterIsRunning() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let standIn = try makeStandIn(in: directory, body: longRunningBody)
        let clusterDirectory = directory + "/cluster"
        var (state, _) = try LocalClusterControl.prepare(
            directory: clusterDirectory, nodeCount: 2, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 2, in: &state)
        defer { stopAllNodes(state) }
        let pid = try #require(state.nodes[1].pid)

        #expect(throws: LocalClusterError.alreadyRunning(directory: clusterDirectory, nodeID: 2, pid: pid)) {
            try LocalClusterControl.prepare(directory: clusterDirectory, nodeCount: 2, basePort: nil, centerNode: standIn)
        }
    }
}
