import ClientAPI
import Foundation
import ZeroMQ

/// Polls the running nodes until they all name the same leader in the same term, failing at once
/// when a node process ends meanwhile.
public enum LeaderWait {
    public struct Agreement: Sendable, Equatable {
        public var leader: UInt64
        public var term: UInt64

        public init(leader: UInt64, term: UInt64) {
            self.leader = leader
            self.term = term
        }
    }

    public struct Options: Sendable, Equatable {
        public var timeoutMs: Int
        /// Per node per round; a node still starting up does not answer.
        public var probeTimeoutMs: Int
        public var pollIntervalMs: Int
        /// The configured preferred leader takes leadership back within a second or two of a start;
        /// waiting up to `preferredGraceMs` for it spares the caller that handover right after "up".
        public var preferredLeader: UInt64?
        public var preferredGraceMs: Int

        public init(
            timeoutMs: Int = 30_000, probeTimeoutMs: Int = 500, pollIntervalMs: Int = 100, preferredLeader: UInt64? = nil,
            preferredGraceMs: Int = 5_000
        ) {
            self.timeoutMs = timeoutMs
            self.probeTimeoutMs = probeTimeoutMs
            self.pollIntervalMs = pollIntervalMs
            self.preferredLeader = preferredLeader
            self.preferredGraceMs = preferredGraceMs
        }
    }

    /// `nodes` are the ones that should be running, each with the pid we started.
    public static func wait(
        for nodes: [LocalClusterState.NodeRecord], keyPair: CurveKeyPair, context: ZeroMQContext,
        options: Options = Options()
    ) throws(LocalClusterError) -> Agreement {
        let started = ContinuousClock.now
        let deadline = started.advanced(by: .milliseconds(options.timeoutMs))
        let preferred = options.preferredLeader.flatMap { id in nodes.contains { $0.id == id } ? id : nil }
        let maxRounds = options.timeoutMs / max(1, options.pollIntervalMs) + 1
        var lastObservation = "no node answered yet"
        for _ in 0..<maxRounds {
            try failIfAnyExited(nodes)
            let answers = StatusProbe.query(
                nodes, keyPair: keyPair, context: context, timeoutMs: options.probeTimeoutMs)
            try failIfAnyExited(nodes)
            if let agreement = agreement(answers),
                preferred == nil || agreement.leader == preferred
                    || started.duration(to: .now) >= .milliseconds(options.preferredGraceMs)
            {
                return agreement
            }
            lastObservation = describe(answers)
            guard ContinuousClock.now < deadline else { break }
            Thread.sleep(forTimeInterval: Double(options.pollIntervalMs) / 1_000)
        }
        throw .noLeader(timeoutMs: options.timeoutMs, lastObservation: lastObservation)
    }

    /// The leader every node names, in the term every node is in, confirmed by the leader itself;
    /// nil while any node is silent or disagrees.
    public static func agreement(_ answers: [UInt64: StatusProbe.Answer]) -> Agreement? {
        let statuses = answers.values.compactMap { try? $0.get() }
        guard !statuses.isEmpty, statuses.count == answers.count,
            let first = statuses.first, let leader = first.leader?.id,
            statuses.allSatisfy({ $0.leader?.id == leader && $0.node.term == first.node.term }),
            statuses.contains(where: { $0.node.id == leader && $0.node.role == "leader" })
        else { return nil }
        return Agreement(leader: leader, term: first.node.term)
    }

    /// Throws `nodeExited` for the first node whose process has ended.
    public static func failIfAnyExited(_ nodes: [LocalClusterState.NodeRecord]) throws(LocalClusterError) {
        for node in nodes {
            guard let pid = node.pid, let status = ProcessControl.exitStatus(pid: pid) else { continue }
            throw .nodeExited(
                nodeID: node.id, pid: pid, status: status, logPath: node.logPath, logTail: LogTail.lines(of: node.logPath))
        }
    }

    static func describe(_ answers: [UInt64: StatusProbe.Answer]) -> String {
        answers.keys.sorted().map { id in
            switch answers[id] {
            case .success(let status)?:
                "node \(id) \(status.node.role) in term \(status.node.term), leader "
                    + (status.leader.map { "\($0.id)" } ?? "unknown")
            case .failure(let failure)?:
                "node \(id) unreachable (\(failure))"
            case nil:
                "node \(id) not asked"
            }
        }.joined(separator: "; ")
    }
}
