import Consensus

/// One node's configuration file (JSON). Fields marked optional in docs have the defaults below;
/// the defaults fit a WAN of centers with 30–50 ms round trips.
public struct NodeConfig: Sendable, Equatable, Codable {
    public var id: NodeID
    /// The contact center this node runs in, e.g. "chengdu".
    public var center: String
    public var endpoints: Endpoints
    /// Where the node keeps its SQLite database and logs; relative paths are from the config file.
    public var dataDirectory: String
    /// The node's SQLite database, in its data directory (the node and its offline commands open it).
    public var databasePath: String { dataDirectory + "/node.sqlite" }
    public var keys: KeyPaths
    /// Every member of the cluster, this node included.
    public var members: [Member]
    /// Public key files of clients allowed to call the API, and of admins allowed to change the cluster.
    public var clientKeys: [String]
    public var adminKeys: [String]
    public var timing: Timing
    public var limits: Limits
    /// The main center's node: it becomes leader again whenever it is healthy and caught up.
    public var preferredLeader: NodeID?

    public struct Endpoints: Sendable, Equatable, Codable {
        /// ZeroMQ endpoint for Raft traffic between nodes, e.g. "tcp://10.1.0.5:7100".
        public var peer: String
        /// ZeroMQ endpoint for the JSON client API.
        public var client: String
        /// host:port of the HTTP server for /metrics, /health and /ready.
        public var http: String

        public init(peer: String, client: String, http: String) {
            self.peer = peer
            self.client = client
            self.http = http
        }
    }

    public struct KeyPaths: Sendable, Equatable, Codable {
        public var publicKey: String
        public var secretKey: String

        public init(publicKey: String, secretKey: String) {
            self.publicKey = publicKey
            self.secretKey = secretKey
        }
    }

    public struct Member: Sendable, Equatable, Codable {
        public var id: NodeID
        public var center: String
        public var peer: String
        public var client: String
        public var publicKey: String
        /// False for a learner, which receives the log but does not vote.
        public var voter: Bool

        public init(id: NodeID, center: String, peer: String, client: String, publicKey: String, voter: Bool = true) {
            self.id = id
            self.center = center
            self.peer = peer
            self.client = client
            self.publicKey = publicKey
            self.voter = voter
        }
    }

    public init(
        id: NodeID, center: String, endpoints: Endpoints, dataDirectory: String, keys: KeyPaths, members: [Member],
        clientKeys: [String] = [], adminKeys: [String] = [], timing: Timing = .wan, limits: Limits = Limits(),
        preferredLeader: NodeID? = nil
    ) {
        self.id = id
        self.center = center
        self.endpoints = endpoints
        self.dataDirectory = dataDirectory
        self.keys = keys
        self.members = members
        self.clientKeys = clientKeys
        self.adminKeys = adminKeys
        self.timing = timing
        self.limits = limits
        self.preferredLeader = preferredLeader
    }
}

/// Optional fields take their defaults when absent.
extension NodeConfig {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(NodeID.self, forKey: .id)
        center = try container.decode(String.self, forKey: .center)
        endpoints = try container.decode(Endpoints.self, forKey: .endpoints)
        dataDirectory = try container.decode(String.self, forKey: .dataDirectory)
        keys = try container.decode(KeyPaths.self, forKey: .keys)
        members = try container.decode([Member].self, forKey: .members)
        clientKeys = try container.decodeIfPresent([String].self, forKey: .clientKeys) ?? []
        adminKeys = try container.decodeIfPresent([String].self, forKey: .adminKeys) ?? []
        timing = try container.decodeIfPresent(Timing.self, forKey: .timing) ?? .wan
        limits = try container.decodeIfPresent(Limits.self, forKey: .limits) ?? Limits()
        preferredLeader = try container.decodeIfPresent(NodeID.self, forKey: .preferredLeader)
    }
}

extension NodeConfig.Member {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(NodeID.self, forKey: .id)
        center = try container.decode(String.self, forKey: .center)
        peer = try container.decode(String.self, forKey: .peer)
        client = try container.decode(String.self, forKey: .client)
        publicKey = try container.decode(String.self, forKey: .publicKey)
        voter = try container.decodeIfPresent(Bool.self, forKey: .voter) ?? true
    }
}
