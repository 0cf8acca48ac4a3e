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

    /// README's "cluster.json" section lists these fields; other suites rely on them.
    @Test func theFileHasTheDocumentedFieldsAndKeyPathsThatAreFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = try LocalClusterLayout(directory: directory, nodeCount: 2).generate(centerNode: "/opt/center-node")
        state.nodes[0].pid = 4242
        try state.save()
        let data = try Data(contentsOf: URL(fileURLWithPath: LocalClusterState.path(in: directory)))
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(top.keys) == ["directory", "centerNode", "clientKey", "adminKey", "nodes"])
        for name in ["clientKey", "adminKey"] {
            let files = try #require(top[name] as? [String: String])
            #expect(Set(files.keys) == ["publicKey", "secretKey"])
            #expect(files.values.allSatisfy { $0.hasPrefix("/") && FileManager.default.fileExists(atPath: $0) })
        }
        let nodes = try #require(top["nodes"] as? [[String: Any]])
        #expect(Set(nodes[0].keys) == ["id", "center", "configPath", "logPath", "pid", "peer", "client", "http", "publicKey", "voter"])
        #expect(nodes[1]["pid"] == nil, "a stopped node has no pid")
        let key = try #require(nodes[0]["publicKey"] as? String)
        let text = try String(contentsOfFile: key, encoding: .utf8)
        #expect(key.hasPrefix("/") && text.count == 41)
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

    /// A prepared two-node cluster whose center-node is a stand-in that runs until signalled.
    static func twoNodesOfStandIns() throws -> (directory: String, standIn: String, cluster: String, state: LocalClusterState) {
        let directory = try makeTemporaryDirectory()
        let standIn = try makeStandIn(in: directory, body: longRunningBody)
        let cluster = directory + "/cluster"
        let (state, _) = try LocalClusterControl.prepare(directory: cluster, nodeCount: 2, basePort: nil, centerNode: standIn)
        return (directory, standIn, cluster, state)
    }

    @Test("up on a partly running cluster keeps the running node's pid and leaves the others to start")
    func upKeepsWhatRuns() throws {
        let (directory, standIn, clusterDirectory, prepared) = try Self.twoNodesOfStandIns()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = prepared
        try LocalClusterControl.start(node: 2, in: &state)
        defer { stopAllNodes(state) }
        let pid = try #require(state.nodes[1].pid)

        let again = try LocalClusterControl.prepare(directory: clusterDirectory, nodeCount: 2, basePort: nil, centerNode: standIn)
        #expect(again.reused)
        #expect(again.state.nodes.map(\.pid) == [nil, pid])
    }

    @Test("a node restarted by hand, with a relative config path, is found and stopped by down; nothing else is")
    func downFindsANodeStartedByHand() throws {
        let (directory, standIn, clusterDirectory, prepared) = try Self.twoNodesOfStandIns()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = prepared
        let record = try state.node(2)
        // By hand: from the cluster's folder, with a relative path, not through clusterctl.
        let byHand = Process()
        byHand.executableURL = URL(fileURLWithPath: standIn)
        byHand.arguments = ["--config", String(record.configPath.dropFirst(clusterDirectory.count + 1))]
        byHand.currentDirectoryURL = URL(fileURLWithPath: clusterDirectory)
        try byHand.run()
        defer { if byHand.isRunning { kill(byHand.processIdentifier, SIGKILL) } }
        // Another program that is not our node, and our stand-in with another config: both left alone.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: standIn)
        other.arguments = ["--config", directory + "/elsewhere.json"]
        try other.run()
        defer { kill(other.processIdentifier, SIGKILL) }
        #expect(state.nodes.allSatisfy { $0.pid == nil })

        // posix_spawn returns once the child has exec'd, so its command line is there to read.
        #expect(ProcessIdentity(executable: standIn, configPath: record.configPath).runningProcesses() == [byHand.processIdentifier])
        let stopped = try LocalClusterControl.down(directory: clusterDirectory, graceMs: 2_000)
        #expect(stopped.map(\.node) == [2])
        byHand.waitUntilExit()
        #expect(other.isRunning)
        state = try LocalClusterState.load(directory: clusterDirectory)
        #expect(state.nodes.allSatisfy { $0.pid == nil })
    }
}
