import Foundation
import LocalCluster
import Testing

/// Why the lab cannot run here, or nil: it needs root, iproute2, nftables, the built executables,
/// and no lab already up (a developer's own would be in the way, and is never touched).
private let labUnavailable: String? = {
    if let reason = LabNetwork.unavailableReason() { return reason }
    guard (try? CenterNodeLocator.locate()) != nil else { return "needs built center-node and clusterctl" }
    let existing = LabNetwork.existingNamespaces()
    return existing.isEmpty ? nil : "a lab is already up on this machine (\(existing.joined(separator: ", ")))"
}()

/// The WAN lab end to end, as CI runs it when root: up from the 3-center topology, a center-blackout
/// drill of Wuhan by cut links over the WAN delays, and down with nothing left behind.
@Suite(.enabled(if: labUnavailable == nil, "\(labUnavailable ?? ""); run as root with iproute2 and nftables installed"), .serialized)
struct LabSmokeTests {
    @Test("lab up, a blackout drill of Wuhan by cutting its links, lab down: no namespace, link or process left")
    func upDrillDown() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lab = directory + "/lab"
        // Removes the lab whatever happens below; it finds the namespaces by name.
        defer { _ = LabControl.down(directory: lab) }

        let up = try ClusterctlCommandTests.clusterctl(
            ["lab", "up", "--topology", ClusterctlCommandTests.deployTopology("laptop-3.json"), "--dir", lab], timeoutSeconds: 120)
        try #require(up.status == 0, "\(up.output)\(up.errors)")
        let state = try LocalClusterState.load(directory: lab)
        #expect(state.nodes.map(\.namespace) == ["ifl-lab-chengdu", "ifl-lab-wuhan", "ifl-lab-guangzhou"])
        #expect(state.lab?.roundTripsMs == ["chengdu-wuhan": 28, "chengdu-guangzhou": 36, "wuhan-guangzhou": 24])
        #expect(Set(LabNetwork.existingNamespaces()) == ["ifl-lab-ops", "ifl-lab-chengdu", "ifl-lab-wuhan", "ifl-lab-guangzhou"])

        // From this machine's own namespace the lab is out of reach, and clusterctl says where to go.
        let outside = try ClusterctlCommandTests.clusterctl(["--cluster", lab, "status"])
        #expect(outside.status != 0 && outside.errors.contains("ip netns exec ifl-lab-ops"), "\(outside.errors)")

        let drill = try ClusterctlCommandTests.clusterctl(
            ["lab", "exec", "--", "clusterctl", "--cluster", lab, "drill", "run", "center-blackout", "--center", "wuhan",
             "--duration", "15s"],
            timeoutSeconds: 180)
        #expect(drill.status == 0, "\(drill.output)\(drill.errors)")
        let files = drill.output.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst("report: ".count)
        let json = try #require(files?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasSuffix(".json") })
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(report["verdict"] as? String == "held", "\(drill.output)")
        #expect((report["rtoMs"] as? Int).map { $0 > 0 } == true, "the reroute was committed and timed")
        #expect(!LabFirewall.isCut(center: "wuhan"), "the drill mended the links it cut")
        // Its watchdog, which mends the cut if the drill dies, is gone too: left behind, it would
        // mend a later drill's cut at this one's deadline.
        let watchdogs = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init).filter { pid in
            let arguments = ProcessIdentity.commandLine(pid: pid) ?? []
            return arguments.contains("watchdog") && arguments.contains("heal")
        }
        #expect(watchdogs.isEmpty, "watchdogs still running: \(watchdogs)")

        let down = try ClusterctlCommandTests.clusterctl(["lab", "down", "--dir", lab], timeoutSeconds: 60)
        #expect(down.status == 0, "\(down.errors)")
        #expect(LabNetwork.existingNamespaces().isEmpty)
        let pids = state.nodes.compactMap(\.pid) + (state.lab?.proxies.compactMap(\.pid) ?? [])
        // Gone, or a zombie awaiting a parent that does not reap (its command line is empty then).
        #expect(pids.allSatisfy { (ProcessIdentity.commandLine(pid: $0) ?? []).allSatisfy(\.isEmpty) }, "every node and proxy the lab started is gone: \(pids.map { "\($0): \(ProcessIdentity.commandLine(pid: $0) ?? [])" })")
    }
}
