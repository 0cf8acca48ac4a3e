import ClientAPI
import ClusterConfig
import Foundation
import LocalCluster
import Synchronization
import ZeroMQ

/// A cluster of real center-node processes on loopback in a fresh temporary folder, for
/// integration tests here and in other packages:
///
/// ```swift
/// let cluster = try TestCluster.start(nodes: 3)
/// defer { cluster.shutdown() }
/// let leader = try cluster.waitForLeader()
/// cluster.kill(node: leader)
/// ```
///
/// Every process it started is stopped by its pid in `shutdown()` or, failing that, in deinit, even
/// when a test fails halfway. Operations are serialized by a lock, so one cluster may be shared by
/// concurrent tasks; blocking calls (stop, wait) hold it for at most their bound.
public final class TestCluster: Sendable {
    public let directory: String
    public let nodeIDs: [UInt64]
    /// Keys for clients: `admin` may change the cluster, `client` may only use the API.
    public let adminKeyPair: CurveKeyPair
    public let clientKeyPair: CurveKeyPair
    let context: ZeroMQContext
    let keep: KeepDirectory
    let inner: Mutex<Inner>

    struct Inner {
        var state: LocalClusterState
        var paused: Set<UInt64> = []
        var failed = false
        var shutDown = false
    }

    /// How long a node gets after SIGTERM before it is killed, in `stop` and `shutdown`.
    public static let graceMs = 5_000

    /// Starts `nodes` nodes and waits for a leader. `centerNodePath` defaults to what
    /// `CenterNodeLocator` finds (INTERFLOW_CENTER_NODE, or the build folder of the test bundle).
    /// The last `learners` nodes start as learners that an admin adds with `member.add`; `limits`
    /// go into every node's configuration.
    public static func start(
        nodes: Int = 3, learners: Int = 0, limits: Limits = Limits(), centerNodePath: String? = nil,
        timeoutMs: Int = 30_000,
        keepDirectory: KeepDirectory? = nil
    ) throws -> TestCluster {
        let keep =
            keepDirectory ?? ProcessInfo.processInfo.environment[KeepDirectory.environmentVariable]
            .flatMap(KeepDirectory.init(rawValue:)) ?? .never
        let directory = try TemporaryDirectory.make(prefix: "interflow-test-cluster")
        do {
            var state = try LocalClusterControl.up(
                directory: directory, nodeCount: nodes, learnerCount: learners, centerNode: centerNodePath,
                limits: limits,
                leaderWait: LeaderWait.Options(timeoutMs: timeoutMs)
            ).state
            do {
                return try TestCluster(state: state, keep: keep)
            } catch {
                LocalClusterControl.stopAll(in: &state, graceMs: graceMs)
                throw error
            }
        } catch {
            if keep == .never {
                try? FileManager.default.removeItem(atPath: directory)
            } else {
                printToStandardError("TestCluster failed to start; its folder is kept: \(directory)")
            }
            throw error
        }
    }

    init(state: LocalClusterState, keep: KeepDirectory) throws {
        directory = state.directory
        nodeIDs = state.nodes.map(\.id)
        adminKeyPair = try LocalClusterControl.adminKeyPair(state)
        clientKeyPair = try LocalClusterControl.clientKeyPair(state)
        context = try ZeroMQContext()
        self.keep = keep
        inner = Mutex(Inner(state: state))
    }

    deinit {
        shutdown()
    }

    /// The node's endpoints, key, log path and pid (nil while not running).
    public func record(node id: UInt64) throws -> LocalClusterState.NodeRecord {
        try inner.withLock { inner in try inner.state.node(id) }
    }

    /// The whole state, as written to `directory/cluster.json`.
    public var state: LocalClusterState { inner.withLock { $0.state } }

    /// Waits until every running, unpaused voter named in the configuration names the same leader;
    /// returns its id.
    @discardableResult
    public func waitForLeader(timeoutMs: Int = 30_000) throws -> UInt64 {
        let nodes = inner.withLock { inner in
            inner.state.nodes.filter { $0.pid != nil && $0.voter && !inner.paused.contains($0.id) }
        }
        return try failing {
            try LeaderWait.wait(
                for: nodes, keyPair: adminKeyPair, context: context, options: LeaderWait.Options(timeoutMs: timeoutMs)
            ).leader
        }
    }

    /// Stops every node by its pid (paused ones are continued first) and removes the folder unless
    /// it is to be kept. Idempotent.
    public func shutdown() {
        let (failed, wasShutDown) = inner.withLock { inner -> (Bool, Bool) in
            let wasShutDown = inner.shutDown
            if !wasShutDown {
                LocalClusterControl.stopAll(in: &inner.state, graceMs: Self.graceMs)
                inner.paused = []
                inner.shutDown = true
            }
            return (inner.failed, wasShutDown)
        }
        guard !wasShutDown else { return }
        context.close()
        if keep == .always || (keep == .onFailure && failed) {
            printToStandardError("TestCluster folder kept: \(directory)")
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Keeps the folder at shutdown when `keepDirectory` is `.onFailure`.
    public func markFailed() {
        inner.withLock { $0.failed = true }
    }

    /// Runs `body`; a throw marks the cluster failed, so its folder is kept if asked.
    func failing<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            markFailed()
            throw error
        }
    }
}

func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
