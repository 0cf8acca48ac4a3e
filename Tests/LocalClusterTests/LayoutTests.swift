import ClusterConfig
import Foundation
import LocalCluster
import Testing

@Suite struct LayoutTests {
    @Test func generatedConfigsLoadValidateAndAgreeWithTheStateFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let layout = try LocalClusterLayout(directory: directory, nodeCount: 3)
        let state = try layout.generate(centerNode: "/nonexistent/center-node")

        #expect(state.nodes.map(\.id) == [1, 2, 3])
        #expect(state.nodes.map(\.center) == ["chengdu", "wuhan", "guangzhou"])
        for record in state.nodes {
            let config = try NodeConfig.load(path: record.configPath)
            #expect(config.id == record.id)
            #expect(config.center == record.center)
            #expect(config.endpoints == .init(peer: record.peer, client: record.client, http: record.http))
            #expect(config.members.map(\.id) == [1, 2, 3])
            #expect(config.members.map(\.peer) == state.nodes.map(\.peer))
            #expect(config.members.map(\.publicKey) == state.nodes.map(\.publicKey))
            #expect(config.timing == .local)
            #expect(config.preferredLeader == 1)
            #expect(config.dataDirectory == layout.dataDirectory(record.id))
            #expect(config.keys.publicKey == record.publicKey)
            #expect(config.clientKeys == [state.clientKey.publicKey])
            #expect(config.adminKeys == [state.adminKey.publicKey])
            #expect(record.http.hasPrefix("127.0.0.1:"))
            #expect(record.client.hasPrefix("tcp://127.0.0.1:"))
        }
    }

    @Test func configPathsAreRelativeToTheConfigFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = try LocalClusterLayout(directory: directory, nodeCount: 2).generate(centerNode: "/bin/false")
        let text = try String(contentsOfFile: state.nodes[1].configPath, encoding: .utf8)
        #expect(text.contains("\"dataDirectory\" : \"data\""))
        #expect(text.contains("\"../keys/node-2.key\""))
        #expect(text.contains("\"../keys/admin.pub\""))
        #expect(!text.contains(directory))
    }

    @Test func keysPairUpAndSecretKeysAreOwnerOnly() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let layout = try LocalClusterLayout(directory: directory, nodeCount: 3)
        let state = try layout.generate(centerNode: "/bin/false")
        let names = ["node-1", "node-2", "node-3", "client", "admin"]
        var publicKeys: Set<String> = []
        for name in names {
            let files = layout.keyFiles(name)
            let pair = try LocalClusterControl.keyPair(files)
            publicKeys.insert("\(pair.publicKey)")
            let secretMode = try FileManager.default.attributesOfItem(atPath: files.secretKey)[.posixPermissions] as? Int
            #expect(secretMode == 0o600, "\(files.secretKey)")
        }
        #expect(publicKeys.count == names.count)
        #expect(state.clientKey == layout.keyFiles("client"))
        #expect(state.adminKey == layout.keyFiles("admin"))
    }

    @Test func everyEndpointHasItsOwnPort() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = try LocalClusterLayout(directory: directory, nodeCount: 9).generate(centerNode: "/bin/false")
        let endpoints: [String] = state.nodes.flatMap { [$0.peer, $0.client, $0.http] }
        let ports = endpoints.map { $0.split(separator: ":").last.map(String.init) ?? $0 }
        #expect(ports.count == 27)
        #expect(Set(ports).count == 27)
        #expect(state.nodes.map(\.center).last == "hangzhou")
    }

    @Test func aBasePortLaysOutThreeConsecutivePortsPerNode() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Any free port may have busy neighbours; try a bounded number of bases.
        var generated: (base: Int, state: LocalClusterState)?
        for _ in 0..<20 where generated == nil {
            let base = try LoopbackPorts.free(count: 1)[0]
            guard base + 6 < 65_536 else { continue }
            if let state = try? LocalClusterLayout(directory: directory, nodeCount: 2, basePort: base)
                .generate(centerNode: "/bin/false")
            {
                generated = (base, state)
            }
        }
        let (base, state) = try #require(generated)
        #expect(state.nodes[0].peer == "tcp://127.0.0.1:\(base)")
        #expect(state.nodes[0].client == "tcp://127.0.0.1:\(base + 1)")
        #expect(state.nodes[0].http == "127.0.0.1:\(base + 2)")
        #expect(state.nodes[1].peer == "tcp://127.0.0.1:\(base + 3)")
        #expect(state.nodes[1].http == "127.0.0.1:\(base + 5)")
    }

    @Test func refusesImpossibleSizesAndPorts() {
        #expect(throws: LocalClusterError.invalidNodeCount(0)) {
            try LocalClusterLayout(directory: "/tmp/x", nodeCount: 0)
        }
        #expect(throws: LocalClusterError.invalidNodeCount(10)) {
            try LocalClusterLayout(directory: "/tmp/x", nodeCount: 10)
        }
        #expect(throws: LocalClusterError.invalidBasePort(65_530)) {
            try LocalClusterLayout(directory: "/tmp/x", nodeCount: 3, basePort: 65_530)
        }
    }
}
