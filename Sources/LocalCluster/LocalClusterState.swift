import Foundation

/// `DIR/cluster.json`: what `clusterctl local up` made and started, so that `down`, `status` and
/// test suites in any language can find every node. Paths are absolute.
public struct LocalClusterState: Sendable, Equatable, Codable {
    public static let fileName = "cluster.json"

    public var directory: String
    /// The center-node executable the nodes were (last) started with.
    public var centerNode: String
    public var clientKey: KeyFiles
    public var adminKey: KeyFiles
    public var nodes: [NodeRecord]
    /// Set for a WAN lab's cluster (`clusterctl lab up`): its namespaces, addresses and proxies.
    public var lab: LabRecord?

    public struct KeyFiles: Sendable, Equatable, Codable {
        public var publicKey: String
        public var secretKey: String

        public init(publicKey: String, secretKey: String) {
            self.publicKey = publicKey
            self.secretKey = secretKey
        }
    }

    public struct NodeRecord: Sendable, Equatable, Codable {
        public var id: UInt64
        public var center: String
        public var configPath: String
        public var logPath: String
        /// Set while the process we started should be running; nil once it was stopped.
        public var pid: Int32?
        public var peer: String
        public var client: String
        /// host:port of /metrics, /health and /ready.
        public var http: String
        public var publicKey: String
        /// False for a node configured as a learner: it joins once an admin sends `member.add`.
        public var voter: Bool
        /// The network namespace the node runs in (WAN lab); absent on loopback.
        public var namespace: String?

        public init(
            id: UInt64, center: String, configPath: String, logPath: String, pid: Int32? = nil, peer: String,
            client: String, http: String, publicKey: String, voter: Bool = true
        ) {
            self.id = id
            self.center = center
            self.configPath = configPath
            self.logPath = logPath
            self.pid = pid
            self.peer = peer
            self.client = client
            self.http = http
            self.publicKey = publicKey
            self.voter = voter
        }

        /// State files written before learners existed have no `voter`: every node was one.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(UInt64.self, forKey: .id)
            center = try container.decode(String.self, forKey: .center)
            configPath = try container.decode(String.self, forKey: .configPath)
            logPath = try container.decode(String.self, forKey: .logPath)
            pid = try container.decodeIfPresent(Int32.self, forKey: .pid)
            peer = try container.decode(String.self, forKey: .peer)
            client = try container.decode(String.self, forKey: .client)
            http = try container.decode(String.self, forKey: .http)
            publicKey = try container.decode(String.self, forKey: .publicKey)
            voter = try container.decodeIfPresent(Bool.self, forKey: .voter) ?? true
            namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
        }
    }

    public init(directory: String, centerNode: String, clientKey: KeyFiles, adminKey: KeyFiles, nodes: [NodeRecord]) {
        self.directory = directory
        self.centerNode = centerNode
        self.clientKey = clientKey
        self.adminKey = adminKey
        self.nodes = nodes
    }

    public static func path(in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
    }

    public func node(_ id: UInt64) throws(LocalClusterError) -> NodeRecord {
        guard let record = nodes.first(where: { $0.id == id }) else { throw .unknownNode(id) }
        return record
    }

    public static func load(directory: String) throws(LocalClusterError) -> LocalClusterState {
        let path = path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { throw .noCluster(directory: directory) }
        do {
            return try JSONDecoder().decode(LocalClusterState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .stateUnreadable(path: path, reason: "\(error)")
        }
    }

    /// Replaces the file atomically, so a reader never sees half of it.
    public func save() throws(LocalClusterError) {
        let path = Self.path(in: directory)
        do {
            try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .fileSystem(path: path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }

    public func jsonData() -> Data {
        PrettyJSON.encode(self)
    }
}
