/// What `clusterctl lab up` made besides the nodes, kept in `cluster.json` so that drills cut the
/// right links and `lab down` stops the right processes.
public struct LabRecord: Sendable, Equatable, Codable {
    /// Where clients, drills and load run: `ip netns exec OPS clusterctl --cluster DIR ...`.
    public var opsNamespace: String
    /// The round trip added between two centers, keyed "first-second" in node order.
    public var roundTripsMs: [String: Int]
    public var proxies: [Proxy]

    /// The delay proxies of one center: its node's way to every other node.
    public struct Proxy: Sendable, Equatable, Codable {
        public var center: String
        public var pid: Int32?
        public var routes: [String]
        public var logPath: String
    }

    public init(opsNamespace: String, roundTripsMs: [String: Int], proxies: [Proxy]) {
        self.opsNamespace = opsNamespace
        self.roundTripsMs = roundTripsMs
        self.proxies = proxies
    }
}
