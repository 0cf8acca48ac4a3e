import ClusterConfig
import Foundation
import ZeroMQ

/// Where a local cluster's files live, and how to make them: CURVE keys for every node and for one
/// client and one admin, a free loopback port for each endpoint, and one config file per node.
///
/// ```
/// DIR/cluster.json             the state file (LocalClusterState)
/// DIR/keys/node-K.pub|.key     node keys; client.pub|.key, admin.pub|.key
/// DIR/node-K/config.json       paths inside are relative to this file
/// DIR/node-K/data/             the node's database
/// DIR/node-K/node.log          the process's stdout and stderr, appended
/// ```
public struct LocalClusterLayout: Sendable, Equatable {
    public static let maxNodes = Centers.names.count
    /// Node 1 runs the main center (Chengdu), which leadership returns to.
    public static let preferredLeader: UInt64 = 1
    static let portsPerNode = 3

    /// Absolute.
    public let directory: String
    public let nodeCount: Int
    /// nil: any free ports. Otherwise node K uses basePort + 3(K-1) for peer, +1 client, +2 http.
    public let basePort: Int?
    /// The nodes' bounds; tests lower `snapshotEveryEntries` to make followers catch up by snapshot.
    public let limits: Limits
    /// The last this many nodes are configured as learners (`voter: false`), for drills of `member.add`.
    public let learnerCount: Int
    /// Node K runs `centers[K-1]`: by default the 2020 network's, in its order; from a topology, its
    /// main center first (see `TopologyFile.centersInNodeOrder`).
    public let centers: [String]
    public var timing: Timing = .local

    public init(
        directory: String, nodeCount: Int, learnerCount: Int = 0, basePort: Int? = nil, limits: Limits = Limits(),
        centers: [String]? = nil, maxNodes: Int = Self.maxNodes
    ) throws(LocalClusterError) {
        guard (1...maxNodes).contains(nodeCount) else { throw .invalidNodeCount(nodeCount) }
        let centers = centers ?? (1...UInt64(nodeCount)).map(Centers.name(ofNode:))
        guard centers.count == nodeCount else { throw .topologyMismatch(reason: "\(centers.count) centers for \(nodeCount) nodes") }
        guard (0..<nodeCount).contains(learnerCount) else { throw .invalidLearnerCount(learnerCount, nodeCount: nodeCount) }
        if let basePort, !(1...(65_536 - Self.portsPerNode * nodeCount)).contains(basePort) {
            throw .invalidBasePort(basePort)
        }
        self.directory = URL(fileURLWithPath: directory).standardized.path
        self.nodeCount = nodeCount
        self.basePort = basePort
        self.limits = limits
        self.learnerCount = learnerCount
        self.centers = centers
    }

    public var nodeIDs: [UInt64] { (1...UInt64(nodeCount)).map { $0 } }
    public var keysDirectory: String { path("keys") }
    public func nodeDirectory(_ id: UInt64) -> String { path("node-\(id)") }
    public func configPath(_ id: UInt64) -> String { path("node-\(id)/config.json") }
    public func logPath(_ id: UInt64) -> String { path("node-\(id)/node.log") }
    public func dataDirectory(_ id: UInt64) -> String { path("node-\(id)/data") }
    public func keyFiles(_ name: String) -> LocalClusterState.KeyFiles {
        .init(publicKey: path("keys/\(name).pub"), secretKey: path("keys/\(name).key"))
    }

    private func path(_ relative: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(relative).path
    }

    /// Writes keys and configs for a new cluster and returns its state (no pids yet). The caller
    /// has checked that the directory is new or empty.
    public func generate(centerNode: String) throws(LocalClusterError) -> LocalClusterState {
        try generateKeys()
        let ports = try choosePorts()
        let records = nodeIDs.map { id in
            let first = Int(id - 1) * Self.portsPerNode
            return record(id, host: "127.0.0.1", peerPort: ports[first], clientPort: ports[first + 1], httpPort: ports[first + 2])
        }
        try writeConfigs(records) { _ in records }
        return LocalClusterState(
            directory: directory, centerNode: centerNode, clientKey: keyFiles("client"), adminKey: keyFiles("admin"),
            nodes: records)
    }

    /// Node `id`'s record, its endpoints on `host`.
    func record(_ id: UInt64, host: String, peerPort: Int, clientPort: Int, httpPort: Int) -> LocalClusterState.NodeRecord {
        LocalClusterState.NodeRecord(
            id: id, center: centers[Int(id - 1)], configPath: configPath(id), logPath: logPath(id),
            peer: "tcp://\(host):\(peerPort)", client: "tcp://\(host):\(clientPort)", http: "\(host):\(httpPort)",
            publicKey: keyFiles("node-\(id)").publicKey, voter: id <= UInt64(nodeCount - learnerCount))
    }

    /// Each node's directories and config; `membersSeenBy` gives the members as that node reaches
    /// them (the WAN lab sends a node's peer traffic through its delay proxies).
    func writeConfigs(
        _ records: [LocalClusterState.NodeRecord], membersSeenBy: (LocalClusterState.NodeRecord) -> [LocalClusterState.NodeRecord]
    ) throws(LocalClusterError) {
        for record in records {
            try makeDirectory(nodeDirectory(record.id), permissions: 0o755)
            try makeDirectory(dataDirectory(record.id), permissions: 0o700)
            try write(config(for: record, members: membersSeenBy(record)), to: record.configPath)
        }
    }

    /// Keys for every node, the client and the admin, in a new `keys/` directory.
    func generateKeys() throws(LocalClusterError) {
        try makeDirectory(directory, permissions: 0o755)
        try makeDirectory(keysDirectory, permissions: 0o700)
        for name in nodeIDs.map({ "node-\($0)" }) + ["client", "admin"] {
            try generateKeyPair(keyFiles(name))
        }
    }

    /// The node's configuration, with every path relative to its own file so the directory can move.
    func config(for node: LocalClusterState.NodeRecord, members: [LocalClusterState.NodeRecord]) -> NodeConfig {
        NodeConfig(
            id: node.id, center: node.center,
            endpoints: .init(peer: node.peer, client: node.client, http: node.http),
            dataDirectory: "data",
            keys: .init(publicKey: "../keys/node-\(node.id).pub", secretKey: "../keys/node-\(node.id).key"),
            members: members.map { member in
                NodeConfig.Member(
                    id: member.id, center: member.center, peer: member.peer, client: member.client,
                    publicKey: "../keys/node-\(member.id).pub", voter: member.voter)
            },
            clientKeys: ["../keys/client.pub"], adminKeys: ["../keys/admin.pub"], timing: timing, limits: limits,
            preferredLeader: Self.preferredLeader)
    }

    private func choosePorts() throws(LocalClusterError) -> [Int] {
        let count = nodeCount * Self.portsPerNode
        guard let basePort else { return try LoopbackPorts.free(count: count) }
        let ports = Array(basePort..<basePort + count)
        try LoopbackPorts.check(ports)
        return ports
    }

    private func generateKeyPair(_ files: LocalClusterState.KeyFiles) throws(LocalClusterError) {
        do {
            try CurveKeyPair.generate().save(publicKeyPath: files.publicKey, secretKeyPath: files.secretKey)
        } catch {
            throw .keyFailure(path: files.secretKey, reason: error.description)
        }
    }

    private func makeDirectory(_ path: String, permissions: Int) throws(LocalClusterError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: permissions])
        } catch {
            throw .fileSystem(path: path, reason: "cannot create the directory: \(error.localizedDescription)")
        }
    }

    private func write(_ config: NodeConfig, to path: String) throws(LocalClusterError) {
        do {
            try PrettyJSON.encode(config).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .fileSystem(path: path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}
