import ClientAPI
import Foundation
import InterflowTesting
import LocalCluster
import NodeStorage

/// The cluster side of the scale setup: bring every node to the same applied index, stop them
/// all, and start them again once their databases hold the scale state.
struct ScaleCluster {
    var cluster: TestCluster

    /// The leader commits a clock entry every second, so the nodes agree on an applied index only
    /// between two of them; a few tries find such a moment.
    static let stopAttempts = 5
    static let settleLimit = Duration.seconds(15)

    func databasePath(node id: UInt64) throws -> String {
        try LocalClusterLayout(directory: cluster.directory, nodeCount: cluster.nodeIDs.count).dataDirectory(id) + "/node.sqlite"
    }

    /// Stops every node at one applied index, which it returns: seeding nodes that had applied
    /// different entries would leave one of them to apply a clock entry on top of the seeded
    /// model that another had applied beneath it.
    func stopAtOneAppliedIndex(progress: (String) -> Void) throws -> UInt64 {
        var stored: [UInt64: UInt64] = [:]
        for attempt in 1...Self.stopAttempts {
            // The leader first: without it nothing more commits, unless the others elect a new one
            // before they stop too, which the check below catches.
            let leader = try waitUntilSettled()
            for id in [leader] + cluster.nodeIDs.filter({ $0 != leader }) { try cluster.stop(node: id) }
            stored = try Dictionary(uniqueKeysWithValues: cluster.nodeIDs.map { id in
                let store = try NodeStore(path: try databasePath(node: id))
                defer { try? store.close() }
                return (id, try store.appliedIndex())
            })
            if Set(stored.values).count == 1, let index = stored.values.first { return index }
            progress("stop \(attempt): applied indexes \(stored.sorted { $0.key < $1.key }) differ; starting again")
            try startAll()
        }
        throw ScaleSetupError.appliedIndexesDiffer(stored)
    }

    /// Node 1 runs the main center, and a leader hands leadership to it once it is caught up
    /// (about 20 s after a restart here): measuring before that would time the first leader's
    /// calls and then a follower's. Returns the leader, node 1 unless it never took over.
    func waitForPreferredLeader(limit: Duration) throws -> UInt64 {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var leader = try cluster.waitForLeader(timeoutMs: 300_000)
        while leader != LocalClusterLayout.preferredLeader, clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            leader = try cluster.waitForLeader(timeoutMs: 300_000)
        }
        return leader
    }

    func startAll() throws {
        for id in cluster.nodeIDs { try cluster.start(node: id) }
    }

    /// Until every node reports the same applied index as the leader's last index; returns the leader.
    private func waitUntilSettled() throws -> UInt64 {
        try cluster.waitForLeader(timeoutMs: 60_000)
        let clients = try cluster.nodeIDs.map { try cluster.client(node: $0, role: .admin) }
        defer { clients.forEach { $0.close() } }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.settleLimit
        while clock.now < deadline {
            let nodes = try clients.map { try $0.call(.clusterStatus, NoArguments(), as: ClusterStatus.self).node }
            let applied = Set(nodes.map(\.appliedIndex))
            if applied.count == 1, let leader = nodes.first(where: { $0.role == "leader" }), applied.first == leader.lastIndex {
                return leader.id
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw ScaleSetupError.nodesDidNotSettle(seconds: Int(Self.settleLimit.seconds))
    }
}
