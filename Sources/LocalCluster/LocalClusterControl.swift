import ClusterConfig
import Foundation
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `up`, `down` and `status` of a local cluster in one directory; what clusterctl and
/// InterflowTesting both run.
public enum LocalClusterControl {
    /// The default node count when a new cluster is made and none is asked for.
    public static let defaultNodeCount = 3
    /// How long a node gets to stop after SIGTERM before it is killed.
    public static let defaultGraceMs = 10_000

    public struct UpResult: Sendable, Equatable {
        public var state: LocalClusterState
        public var leader: LeaderWait.Agreement
        /// True when an existing cluster (its keys, configs and data) was started again.
        public var reused: Bool
        /// Nodes that were running already and were left alone.
        public var alreadyRunning: [UInt64]
    }

    /// Makes a new cluster in `directory` (or reuses the one there), starts every node that is not
    /// running and waits for a leader. On failure the nodes it started are stopped again; their
    /// logs remain.
    public static func up(
        directory: String, nodeCount: Int? = nil, learnerCount: Int = 0, basePort: Int? = nil,
        centerNode: String? = nil, limits: Limits = Limits(), centers: [String]? = nil,
        leaderWait: LeaderWait.Options = LeaderWait.Options()
    ) throws(LocalClusterError) -> UpResult {
        let executable = try CenterNodeLocator.locate(explicit: centerNode)
        var (state, reused) = try prepare(
            directory: directory, nodeCount: nodeCount, learnerCount: learnerCount, basePort: basePort,
            centerNode: executable, limits: limits, centers: centers)
        let running = state.nodes.filter { $0.pid != nil }.map(\.id)
        do {
            for node in state.nodes where node.pid == nil { try start(node: node.id, in: &state) }
            var wait = leaderWait
            wait.preferredLeader = wait.preferredLeader ?? LocalClusterLayout.preferredLeader
            let agreement = try waitForLeader(state, options: wait)
            return UpResult(state: state, leader: agreement, reused: reused, alreadyRunning: running)
        } catch {
            for node in state.nodes where !running.contains(node.id) { _ = try? stop(node: node.id, in: &state, graceMs: 2_000) }
            throw error
        }
    }

    /// The cluster's state, ready to start what is stopped: a new one, or the one already there with
    /// the pids of its nodes that run (those restarted by hand too). `centers`, one per node, come
    /// from a topology; an existing cluster must run the same centers.
    public static func prepare(
        directory: String, nodeCount: Int?, learnerCount: Int = 0, basePort: Int?, centerNode: String,
        limits: Limits = Limits(), centers: [String]? = nil
    ) throws(LocalClusterError) -> (state: LocalClusterState, reused: Bool) {
        if let centers, let nodeCount, nodeCount != centers.count {
            throw .topologyMismatch(reason: "it has \(centers.count) centers, one node each, but --nodes asks for \(nodeCount)")
        }
        let layout = try LocalClusterLayout(
            directory: directory, nodeCount: nodeCount ?? centers?.count ?? defaultNodeCount, learnerCount: learnerCount,
            basePort: basePort, limits: limits, centers: centers)
        let directory = layout.directory
        if FileManager.default.fileExists(atPath: LocalClusterState.path(in: directory)) {
            var state = try LocalClusterState.load(directory: directory)
            if let nodeCount, nodeCount != state.nodes.count {
                throw .nodeCountMismatch(directory: directory, existing: state.nodes.count, requested: nodeCount)
            }
            if let centers, centers != state.nodes.map(\.center) {
                throw .topologyMismatch(
                    reason: "\(directory) runs \(state.nodes.map(\.center).joined(separator: ", ")), the topology names "
                        + centers.joined(separator: ", ") + "; use another directory")
            }
            try recordRunning(in: &state)
            state.centerNode = centerNode
            try state.save()
            return (state, true)
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard existing.isEmpty else { throw .directoryNotEmpty(path: directory) }
        let state = try layout.generate(centerNode: centerNode)
        try state.save()
        return (state, false)
    }

    /// Starts one node detached and records its pid in the state file at once, so that `down`
    /// finds it even if this process dies next.
    public static func start(node id: UInt64, in state: inout LocalClusterState) throws(LocalClusterError) {
        let record = try state.node(id)
        let pid = try ProcessLauncher.spawn(identity(record, in: state), logPath: record.logPath)
        guard let index = state.nodes.firstIndex(where: { $0.id == id }) else { throw .unknownNode(id) }
        state.nodes[index].pid = pid
        try state.save()
    }

    /// SIGKILL, as in a crash or a power cut: the node dies at once with whatever it had not
    /// persisted. Waits (bounded) until it is gone and clears its pid; false when it had already ended.
    public static func kill(node id: UInt64, in state: inout LocalClusterState) throws(LocalClusterError) -> Bool {
        let record = try state.node(id)
        guard let pid = record.pid else { throw .nodeNotRunning(id) }
        let sent = ProcessControl.signal(SIGKILL, pid: pid, identity: identity(record, in: state))
        _ = ProcessControl.waitForExit(pid: pid, timeoutMs: 5_000)
        guard let index = state.nodes.firstIndex(where: { $0.id == id }) else { throw .unknownNode(id) }
        state.nodes[index].pid = nil
        try state.save()
        return sent
    }

    /// SIGTERM, then SIGKILL after `graceMs`; clears the pid in the state file.
    public static func stop(
        node id: UInt64, in state: inout LocalClusterState, graceMs: Int = defaultGraceMs
    ) throws(LocalClusterError) -> ProcessControl.StopOutcome? {
        let record = try state.node(id)
        guard let pid = record.pid else { return nil }
        let outcome = ProcessControl.stop(pid: pid, identity: identity(record, in: state), graceMs: graceMs)
        guard let index = state.nodes.firstIndex(where: { $0.id == id }) else { throw .unknownNode(id) }
        state.nodes[index].pid = nil
        try state.save()
        return outcome
    }

    /// Stops every node we started, all at once: SIGTERM to each, then one shared grace period.
    @discardableResult
    public static func stopAll(
        in state: inout LocalClusterState, graceMs: Int = defaultGraceMs
    ) -> [(node: UInt64, outcome: ProcessControl.StopOutcome)] {
        let outcomes = ProcessControl.stopAll(
            state.nodes.compactMap { record in record.pid.map { ($0, identity(record, in: state)) } },
            graceMs: graceMs)
        var results: [(node: UInt64, outcome: ProcessControl.StopOutcome)] = []
        for index in state.nodes.indices {
            guard let pid = state.nodes[index].pid, let outcome = outcomes[pid] else { continue }
            results.append((state.nodes[index].id, outcome))
            state.nodes[index].pid = nil
        }
        try? state.save()
        return results
    }

    /// Makes the state file's pids true: a recorded pid that no longer runs the node is cleared, and
    /// a node running without one (restarted by hand) gets its process's pid.
    public static func recordRunning(in state: inout LocalClusterState) throws(LocalClusterError) {
        for index in state.nodes.indices {
            let identity = identity(state.nodes[index], in: state)
            if let pid = state.nodes[index].pid, identity.matches(pid: pid) { continue }
            state.nodes[index].pid = identity.runningProcesses().first
        }
        try state.save()
    }

    /// `clusterctl local down`: every node of the directory, those restarted by hand included.
    public static func down(
        directory: String, graceMs: Int = defaultGraceMs
    ) throws(LocalClusterError) -> [(node: UInt64, outcome: ProcessControl.StopOutcome)] {
        var state = try LocalClusterState.load(directory: absolute(directory))
        try recordRunning(in: &state)
        let results = stopAll(in: &state, graceMs: graceMs)
        try state.save()
        return results
    }

    /// `clusterctl status`: every node asked at once, `timeoutMs` each.
    public static func status(directory: String, timeoutMs: Int = 1_000) throws(LocalClusterError) -> ClusterStatusReport {
        let state = try LocalClusterState.load(directory: absolute(directory))
        let context = try makeContext()
        defer { context.close() }
        let answers = StatusProbe.query(state.nodes, keyPair: try adminKeyPair(state), context: context, timeoutMs: timeoutMs)
        return ClusterStatusReport.merge(nodes: state.nodes, answers: answers)
    }

    /// Waits until the nodes with a pid agree on a leader.
    public static func waitForLeader(
        _ state: LocalClusterState, options: LeaderWait.Options = LeaderWait.Options()
    ) throws(LocalClusterError) -> LeaderWait.Agreement {
        let context = try makeContext()
        defer { context.close() }
        return try LeaderWait.wait(
            // A learner not yet added knows no leader; only the voters must agree.
            for: state.nodes.filter { $0.pid != nil && $0.voter }, keyPair: try adminKeyPair(state), context: context,
            options: options)
    }

    /// Nodes whose recorded pid still runs our center-node with their config.
    public static func runningNodes(_ state: LocalClusterState) -> [LocalClusterState.NodeRecord] {
        state.nodes.filter { record in
            guard let pid = record.pid else { return false }
            return identity(record, in: state).matches(pid: pid)
        }
    }

    public static func identity(_ record: LocalClusterState.NodeRecord, in state: LocalClusterState) -> ProcessIdentity {
        ProcessIdentity(executable: state.centerNode, configPath: record.configPath, namespace: record.namespace)
    }

    public static func adminKeyPair(_ state: LocalClusterState) throws(LocalClusterError) -> CurveKeyPair {
        try keyPair(state.adminKey)
    }

    public static func clientKeyPair(_ state: LocalClusterState) throws(LocalClusterError) -> CurveKeyPair {
        try keyPair(state.clientKey)
    }

    /// Fails when the files do not pair up.
    public static func keyPair(_ files: LocalClusterState.KeyFiles) throws(LocalClusterError) -> CurveKeyPair {
        do {
            return try CurveKeyPair.load(publicKeyPath: files.publicKey, secretKeyPath: files.secretKey)
        } catch {
            throw .keyFailure(path: files.secretKey, reason: error.description)
        }
    }

    private static func makeContext() throws(LocalClusterError) -> ZeroMQContext {
        do {
            return try ZeroMQContext()
        } catch {
            throw .transport(reason: "\(error)")
        }
    }

    static func absolute(_ directory: String) -> String {
        CenterNodeLocator.absolute(directory, from: FileManager.default.currentDirectoryPath)
    }
}
