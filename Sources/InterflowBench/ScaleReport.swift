import Foundation

/// Everything `interflow-bench scale` measured, as printed with `--json`.
struct ScaleReport: Codable, Sendable {
    var machine: MachineFacts
    var nodes: Int
    var tickets: Int
    var contacts: Int
    var setup: ScaleSetupFigures
    /// Reads against the leader: cluster.status, center.status and ticket.list pages.
    var reads: [SeriesFigures]
    var enqueue: SeriesFigures
    /// CPU time (user + system) each node spent per enqueue while they ran, the warm-up ones included.
    var enqueueCPU: [NodeCPU]
    /// Live contacts center.status counted before and after the enqueues: nothing may leave.
    var queuedBefore: Int
    var queuedAfter: Int
    /// The measured enqueues and the warm-up ones before them.
    var enqueuesSent: Int
    var snapshot: SnapshotFigures?

    /// Issue 5's targets.
    static let readP99TargetMs = 50.0
    static let enqueueP50TargetMs = 2.0

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

struct NodeCPU: Codable, Sendable {
    var node: UInt64
    var msPerCall: Double
}

/// How long the state took to build, in seconds, and how large it is on disk.
struct ScaleSetupFigures: Codable, Sendable {
    var modelBuildSeconds = 0.0
    var modelImageBytes = 0
    var seedSecondsPerNode: [Double] = []
    var databaseBytesPerNode: [Int] = []
    /// From starting the seeded nodes to a leader every node names: includes each node's model
    /// rebuild from the image.
    var restartToLeaderSeconds = 0.0
    /// The node every call went to, and the leader once the calls were done: the same unless
    /// leadership moved while measuring.
    var measuredLeader: UInt64 = 0
    var leaderAfterMeasuring: UInt64 = 0
}
