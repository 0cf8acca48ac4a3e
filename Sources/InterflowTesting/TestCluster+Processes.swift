import Foundation
import LocalCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults and restarts, each by the pid this cluster started; nothing is signalled by name.
extension TestCluster {
    /// SIGKILL: the node dies at once, as in a crash or power loss. Waits (bounded) until it is gone.
    public func kill(node id: UInt64) throws {
        try failing {
            try inner.withLock { inner in
                inner.paused.remove(id)
                // Not sent: it had already ended, which the test should hear about.
                guard try LocalClusterControl.kill(node: id, in: &inner.state) else { throw LocalClusterError.nodeNotRunning(id) }
            }
        }
    }

    /// SIGSTOP: the process stays but does nothing (a hung node, a long GC pause, a frozen VM).
    public func pause(node id: UInt64) throws {
        try failing {
            try inner.withLock { inner in
                try signal(SIGSTOP, node: id, in: inner.state)
                inner.paused.insert(id)
            }
        }
    }

    /// SIGCONT after `pause`.
    public func resume(node id: UInt64) throws {
        try failing {
            try inner.withLock { inner in
                try signal(SIGCONT, node: id, in: inner.state)
                inner.paused.remove(id)
            }
        }
    }

    /// SIGTERM, then SIGKILL after `graceMs`: a clean shutdown of one node.
    @discardableResult
    public func stop(node id: UInt64) throws -> ProcessControl.StopOutcome {
        try failing {
            try inner.withLock { inner in
                inner.paused.remove(id)
                guard let outcome = try LocalClusterControl.stop(node: id, in: &inner.state, graceMs: Self.graceMs)
                else { throw LocalClusterError.nodeNotRunning(id) }
                return outcome
            }
        }
    }

    /// Starts a node that is not running, with its data as it was left.
    /// A node that ended by itself (a full disk, a refused store) is started again too.
    public func start(node id: UInt64) throws {
        try failing {
            try inner.withLock { inner in
                try LocalClusterControl.recordRunning(in: &inner.state)
                guard try inner.state.node(id).pid == nil else { return }
                try LocalClusterControl.start(node: id, in: &inner.state)
            }
        }
    }

    /// Stops the node if it runs (SIGTERM) and starts it again; does not wait for it to rejoin
    /// (call `waitForLeader` for that).
    public func restart(node id: UInt64) throws {
        try failing {
            try inner.withLock { inner in
                inner.paused.remove(id)
                _ = try LocalClusterControl.stop(node: id, in: &inner.state, graceMs: Self.graceMs)
                try LocalClusterControl.start(node: id, in: &inner.state)
            }
        }
    }

    /// The last lines of the node's log (stdout and stderr of every run), for failure messages.
    public func logTail(node id: UInt64, lines: Int = 40) -> [String] {
        guard let path = try? record(node: id).logPath else { return [] }
        return LogTail.lines(of: path, lineCount: lines)
    }

    /// Every node's log tail under a heading, to attach to a failed expectation.
    public func diagnostics(linesPerNode: Int = 20) -> String {
        nodeIDs.map { id in
            "--- node \(id) log (\((try? record(node: id).logPath) ?? "?")):\n"
                + logTail(node: id, lines: linesPerNode).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private func running(
        _ id: UInt64, in state: LocalClusterState
    ) throws -> (pid: Int32, identity: ProcessIdentity) {
        let record = try state.node(id)
        guard let pid = record.pid else { throw LocalClusterError.nodeNotRunning(id) }
        return (pid, LocalClusterControl.identity(record, in: state))
    }

    private func signal(_ signal: Int32, node id: UInt64, in state: LocalClusterState) throws {
        let (pid, identity) = try running(id, in: state)
        guard ProcessControl.signal(signal, pid: pid, identity: identity) else {
            throw LocalClusterError.nodeNotRunning(id)
        }
    }
}
