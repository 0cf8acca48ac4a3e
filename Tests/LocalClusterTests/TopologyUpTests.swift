import ContactCenter
import Foundation
import LocalCluster
import Testing

extension ClusterctlCommandTests {
    static func deployTopology(_ name: String) -> String {
        URL(fileURLWithPath: topology).deletingLastPathComponent().appendingPathComponent(name).path
    }

    @Test("local up --topology: one node per center, the main center as node 1, the topology loaded; misfits refused")
    func upFromATopology() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = directory + "/laptop"
        let laptop = Self.deployTopology("laptop-3.json")

        let tooFew = try Self.clusterctl(["local", "up", "--topology", laptop, "--nodes", "2", "--dir", cluster])
        #expect(tooFew.status != 0 && tooFew.errors.contains("3 centers, one node each, but --nodes asks for 2"), "\(tooFew.errors)")
        let broken = directory + "/broken.json"
        try Data(#"{"centers": [], "policy": {}}"#.utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try Self.clusterctl(["local", "up", "--topology", broken, "--dir", cluster])
        #expect(refused.status != 0 && refused.errors.contains(broken), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: cluster + "/cluster.json"), "a bad topology starts nothing")

        let up = try Self.clusterctl(["local", "up", "--topology", laptop, "--dir", cluster, "-o", "json"], timeoutSeconds: 60)
        defer { _ = try? LocalClusterControl.down(directory: cluster, graceMs: 5_000) }
        try #require(up.status == 0, "\(up.errors)")
        let state = try LocalClusterState.load(directory: cluster)
        #expect(state.nodes.map(\.center) == ["chengdu", "wuhan", "guangzhou"])
        #expect(up.output.contains("\"topology\" : \"\(laptop)\""), "\(up.output)")

        let status = try Self.json(ClusterStatusReport.self, ["--cluster", cluster, "status"])
        #expect(status.nodes.count == 3)
        #expect(status.centers?.map(\.id).sorted() == ["chengdu", "guangzhou", "wuhan"])

        let otherNetwork = try Self.clusterctl(["local", "up", "--topology", Self.topology, "--dir", cluster])
        #expect(otherNetwork.status != 0 && otherNetwork.errors.contains("use another directory"), "\(otherNetwork.errors)")
    }

    @Test("the topologies under Deploy/topology are valid, and the 8-center one puts Chengdu first")
    func deployTopologiesAreValid() throws {
        let network = try TopologyFile.load(path: Self.topology)
        #expect(TopologyFile.centersInNodeOrder(network) == ["chengdu", "wuhan", "guangzhou", "nanning", "hefei", "beijing", "shanghai", "zhengzhou"])
        #expect(network.center("chengdu")?.branches.count == 13)
        #expect(network.centers.filter { $0.name.contains("(illustrative)") }.map(\.id) == ["shanghai", "zhengzhou"])
        let laptop = try TopologyFile.load(path: Self.deployTopology("laptop-3.json"))
        #expect(TopologyFile.centersInNodeOrder(laptop) == ["chengdu", "wuhan", "guangzhou"])
    }
}
