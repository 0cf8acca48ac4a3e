import ClusterConfig
import Foundation

/// `clusterctl lab up|down`: a local cluster whose centers sit in network namespaces of their own,
/// a WAN round trip apart (`LabRoundTrips`), with WAN timing (`Timing.wan`), so that drills see
/// what they would see between cities: slow links, and dead peers that fall silent rather than
/// closing their connections.
public enum LabControl {
    public struct Options: Sendable {
        public var directory: String
        /// One per node, node order (the main center first).
        public var centers: [String]
        public var centerNode: String
        /// This clusterctl, which runs the delay proxies.
        public var clusterctl: String
        /// Every pair's round trip, instead of the cities' table.
        public var uniformRoundTripMs: Int?

        public init(directory: String, centers: [String], centerNode: String, clusterctl: String, uniformRoundTripMs: Int? = nil) {
            self.directory = directory
            self.centers = centers
            self.centerNode = centerNode
            self.clusterctl = clusterctl
            self.uniformRoundTripMs = uniformRoundTripMs
        }
    }

    /// Makes the network, the configs and keys, and starts the proxies and the nodes. Whatever
    /// fails, every namespace, link and process made so far is removed before the error is thrown;
    /// the directory stays, with the logs.
    public static func up(_ options: Options) throws(LocalClusterError) -> LocalClusterState {
        if let reason = LabNetwork.unavailableReason() { throw .lab(reason: reason) }
        let existing = LabNetwork.existingNamespaces()
        guard existing.isEmpty else {
            throw .lab(reason: "a lab is already up (\(existing.joined(separator: ", "))); `clusterctl lab down` removes it")
        }
        guard options.centers.count <= LabNetwork.maxNodes else { throw .invalidNodeCount(options.centers.count) }
        let directory = LocalClusterControl.absolute(options.directory)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard entries.isEmpty else { throw .directoryNotEmpty(path: directory) }

        var state = try generate(options, directory: directory)
        do {
            try LabNetwork.make(centers: state.nodes.map { ($0.id, $0.center) })
            try startProxies(in: &state, clusterctl: options.clusterctl)
            for node in state.nodes { try LocalClusterControl.start(node: node.id, in: &state) }
            return state
        } catch {
            _ = down(directory: directory)
            throw error
        }
    }

    /// Stops the nodes (SIGTERM, then SIGKILL after `graceMs`), then kills whatever else runs in
    /// the lab's namespaces and deletes them. Works without a state file too: the namespaces are
    /// found by name. Returns what could not be removed.
    public static func down(directory: String?, graceMs: Int = 5_000) -> [String] {
        if let directory, var state = try? LocalClusterState.load(directory: LocalClusterControl.absolute(directory)) {
            LocalClusterControl.stopAll(in: &state, graceMs: graceMs)
            if var lab = state.lab {
                for index in lab.proxies.indices { lab.proxies[index].pid = nil }
                state.lab = lab
            }
            try? state.save()
        }
        return LabNetwork.remove()
    }

    /// Keys, one config per node with WAN timing, and the state file. Node K listens on its own
    /// address; it reaches every other node through its delay proxy on 127.0.0.1.
    static func generate(_ options: Options, directory: String) throws(LocalClusterError) -> LocalClusterState {
        var layout = try LocalClusterLayout(
            directory: directory, nodeCount: options.centers.count, centers: options.centers, maxNodes: LabNetwork.maxNodes)
        layout.timing = .wan
        try layout.generateKeys()
        let records = layout.nodeIDs.map { id in
            var record = layout.record(
                id, host: LabNetwork.address(ofNode: id), peerPort: LabNetwork.peerPort, clientPort: LabNetwork.clientPort,
                httpPort: LabNetwork.httpPort)
            record.namespace = LabNetwork.namespace(of: record.center)
            return record
        }
        try layout.writeConfigs(records) { node in
            records.map { member in
                guard member.id != node.id else { return member }
                var seen = member
                seen.peer = "tcp://127.0.0.1:\(LabNetwork.proxyPort(toNode: member.id))"
                return seen
            }
        }
        var roundTrips: [String: Int] = [:]
        var proxies: [LabRecord.Proxy] = []
        for node in records {
            let routes = records.filter { $0.id != node.id }.map { other in
                let roundTripMs = LabRoundTrips.between(node.center, other.center, uniformMs: options.uniformRoundTripMs)
                if node.id < other.id { roundTrips["\(node.center)-\(other.center)"] = roundTripMs }
                return DelayProxy.Route(
                    listenHost: "127.0.0.1", listenPort: LabNetwork.proxyPort(toNode: other.id),
                    targetHost: LabNetwork.address(ofNode: other.id), targetPort: LabNetwork.peerPort, oneWayMs: roundTripMs / 2
                ).description
            }
            proxies.append(.init(center: node.center, pid: nil, routes: routes, logPath: layout.nodeDirectory(node.id) + "/proxy.log"))
        }
        var state = LocalClusterState(
            directory: directory, centerNode: options.centerNode, clientKey: layout.keyFiles("client"),
            adminKey: layout.keyFiles("admin"), nodes: records)
        state.lab = LabRecord(opsNamespace: LabNetwork.opsNamespace, roundTripsMs: roundTrips, proxies: proxies)
        try state.save()
        return state
    }

    private static func startProxies(in state: inout LocalClusterState, clusterctl: String) throws(LocalClusterError) {
        guard var lab = state.lab else { return }
        for index in lab.proxies.indices {
            let proxy = lab.proxies[index]
            let command = [clusterctl, "lab", "proxy"] + proxy.routes.flatMap { ["--route", $0] }
            lab.proxies[index].pid = try ProcessLauncher.spawn(
                LabNetwork.inNamespace(LabNetwork.namespace(of: proxy.center), command), logPath: proxy.logPath)
            state.lab = lab
            try state.save()
        }
    }
}
