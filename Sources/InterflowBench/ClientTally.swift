import Histogram

/// What one load client saw inside the measured window: the latency of each committed append,
/// and how many requests failed, by error code.
struct ClientTally: Sendable {
    /// A minute in microseconds: far above the node's 5 s request timeout, so nothing is clipped.
    static let highestTrackableMicroseconds: UInt64 = 60_000_000

    var latencies = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableMicroseconds,
        numberOfSignificantValueDigits: .three)
    var errors: [String: Int] = [:]
    /// Every write answered, the warm-up's included: what the nodes' CPU time is divided by.
    var answeredAll = 0

    var committed: Int { Int(latencies.totalCount) }
    var requests: Int { committed + errors.values.reduce(0, +) }

    mutating func recordCommitted(after latency: Duration) {
        latencies.record(min(latency.wholeMicroseconds, Self.highestTrackableMicroseconds))
    }

    mutating func recordFailure(_ code: String) {
        errors[code, default: 0] += 1
    }

    mutating func add(_ other: ClientTally) {
        latencies.add(other.latencies)
        errors.merge(other.errors, uniquingKeysWith: +)
        answeredAll += other.answeredAll
    }
}
