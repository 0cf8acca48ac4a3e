/// Why a local cluster could not be made, started, stopped or read. Each message says what to do next
/// where there is something to do.
public enum LocalClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidNodeCount(Int)
    case invalidLearnerCount(Int, nodeCount: Int)
    case invalidBasePort(Int)
    /// The directory holds files but no `cluster.json`, so it is not ours to fill.
    case directoryNotEmpty(path: String)
    case nodeCountMismatch(directory: String, existing: Int, requested: Int)
    /// The WAN lab's network could not be made, changed or removed.
    case lab(reason: String)
    /// A topology that does not fit the cluster asked for (or the one already in the directory).
    case topologyMismatch(reason: String)
    /// A topology file that cannot be read, decoded or is not valid: the file and what is wrong.
    case badTopology(path: String, reason: String)
    case noCluster(directory: String)
    case stateUnreadable(path: String, reason: String)
    case fileSystem(path: String, reason: String)
    case keyFailure(path: String, reason: String)
    case portUnavailable(port: Int, reason: String)
    case centerNodeNotFound(searched: [String])
    case centerNodeNotExecutable(path: String)
    case spawnFailed(executable: String, errno: Int32)
    /// The ZeroMQ context for talking to the nodes could not be made.
    case transport(reason: String)
    /// A node process ended while we waited for it; `logTail` is the end of its log.
    case nodeExited(nodeID: UInt64, pid: Int32, status: ExitStatus, logPath: String, logTail: [String])
    case noLeader(timeoutMs: Int, lastObservation: String)
    case unknownNode(UInt64)
    /// The node has no process of ours to signal (never started, stopped, or killed).
    case nodeNotRunning(UInt64)

    public var description: String {
        switch self {
        case .invalidNodeCount(let count):
            "a local cluster has 1 to \(Centers.names.count) nodes, not \(count)"
        case .invalidLearnerCount(let learners, let nodes):
            "a cluster of \(nodes) nodes can have 0 to \(nodes - 1) learners (at least one voter), not \(learners)"
        case .invalidBasePort(let port):
            "the base port must leave room for 3 ports per node below 65536, not \(port)"
        case .directoryNotEmpty(let path):
            "\(path) is not empty and holds no cluster.json; choose a new or empty directory"
        case .nodeCountMismatch(let directory, let existing, let requested):
            "\(directory) holds a \(existing)-node cluster, not \(requested); "
                + "ask for --nodes \(existing) to restart it, or use another directory"
        case .lab(let reason):
            "lab: \(reason)"
        case .topologyMismatch(let reason):
            "the topology does not fit this cluster: \(reason)"
        case .badTopology(let path, let reason):
            "\(path): \(reason)"
        case .noCluster(let directory):
            "\(directory) holds no local cluster (no cluster.json); start one with `clusterctl local up --dir \(directory)`"
        case .stateUnreadable(let path, let reason):
            "cannot read the cluster state \(path): \(reason)"
        case .fileSystem(let path, let reason):
            "\(path): \(reason)"
        case .keyFailure(let path, let reason):
            "key file \(path): \(reason)"
        case .portUnavailable(let port, let reason):
            "port \(port) on 127.0.0.1 is not available: \(reason)"
        case .centerNodeNotFound(let searched):
            "cannot find the center-node executable; build it with `swift build --product center-node`, "
                + "or name it with --center-node PATH or INTERFLOW_CENTER_NODE (looked in: "
                + searched.joined(separator: ", ") + ")"
        case .centerNodeNotExecutable(let path):
            "\(path) is not an executable file"
        case .spawnFailed(let executable, let errno):
            "cannot start \(executable): \(errorText(errno))"
        case .transport(let reason):
            "cannot talk to the nodes: \(reason)"
        case .nodeExited(let nodeID, let pid, let status, let logPath, let logTail):
            "node \(nodeID) (pid \(pid)) \(status); last lines of \(logPath):\n"
                + (logTail.isEmpty ? "  (empty)" : logTail.map { "  \($0)" }.joined(separator: "\n"))
        case .noLeader(let timeoutMs, let lastObservation):
            "the nodes did not agree on a leader within \(timeoutMs) ms; last seen: \(lastObservation)"
        case .unknownNode(let id):
            "the cluster has no node \(id)"
        case .nodeNotRunning(let id):
            "node \(id) is not running"
        }
    }
}
