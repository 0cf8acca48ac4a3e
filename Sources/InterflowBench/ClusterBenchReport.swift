import Foundation

/// Everything `interflow-bench cluster` measured, as printed with `--json`.
struct ClusterBenchReport: Codable, Sendable {
    var machine: MachineFacts
    var nodes: Int
    var tickets: Int
    var warmupSeconds: Double
    var levels: [LevelFigures]
    var failover: FailoverFigures?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Only strings, whole numbers and finite doubles: encoding cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// One concurrency level's committed appends and their latency, in milliseconds.
struct LevelFigures: Codable, Sendable {
    var clients: Int
    var seconds: Double
    var requests: Int
    var committed: Int
    var errors: [String: Int]
    var appendsPerSecond: Double
    var p50Ms: Double
    var p99Ms: Double
    var p999Ms: Double
    var maxMs: Double
    /// CPU time (user + system) of all nodes together per write answered over the level, warm-up
    /// included: on this noisy machine a steadier figure than throughput for comparing two builds.
    var cpuMsPerAppend: Double?
    /// How much one node's data directory grew per append over the level (warm-up included).
    var databaseBytesPerAppend: Int?
    /// Writes answered over the whole level, warm-up included.
    var answeredAll: Int

    init(clients: Int, seconds: Double, tally: ClientTally) {
        answeredAll = tally.answeredAll
        self.clients = clients
        self.seconds = seconds
        requests = tally.requests
        committed = tally.committed
        errors = tally.errors
        appendsPerSecond = (Double(tally.committed) / max(seconds, 0.001)).rounded()
        let latencies = tally.latencies
        let empty = latencies.totalCount == 0
        p50Ms = empty ? 0 : milliseconds(latencies.valueAtPercentile(50))
        p99Ms = empty ? 0 : milliseconds(latencies.valueAtPercentile(99))
        p999Ms = empty ? 0 : milliseconds(latencies.valueAtPercentile(99.9))
        maxMs = empty ? 0 : milliseconds(latencies.max)
    }
}

/// From the fault on the leader to the first write committed by its successor, over all cycles.
struct FailoverFigures: Codable, Sendable {
    var fault: FailoverFault
    var cycles: Int
    /// Clients appending through a follower meanwhile (0: an idle cluster).
    var loadClients: Int
    var medianMs: Double
    var p99Ms: Double
    var minMs: Double
    var maxMs: Double
    /// Each cycle's time, in the order measured.
    var samplesMs: [Double]

    init(fault: FailoverFault, samples: [Duration], loadClients: Int) {
        self.fault = fault
        self.loadClients = loadClients
        let sorted = samples.map { milliseconds($0.wholeMicroseconds) }.sorted()
        cycles = samples.count
        medianMs = Self.percentile(50, of: sorted)
        p99Ms = Self.percentile(99, of: sorted)
        minMs = sorted.first ?? 0
        maxMs = sorted.last ?? 0
        samplesMs = samples.map { milliseconds($0.wholeMicroseconds) }
    }

    /// Nearest rank: with a few dozen cycles, interpolating would invent precision.
    static func percentile(_ percent: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
