import ClientAPI
import Histogram

/// One client's run of sequential calls of one kind, timed each from send to answer. The first
/// `warmupCalls` are made but not counted: they pay for the connection and the CURVE handshake.
struct LatencySeries {
    static let warmupCalls = 20

    var label: String
    var calls: Int

    func run(_ call: (Int) throws -> Void) -> SeriesFigures {
        var tally = ClientTally()
        let clock = ContinuousClock()
        for number in 0..<(Self.warmupCalls + calls) {
            let sent = clock.now
            var failure: String?
            do {
                try call(number)
            } catch let error as APIError {
                failure = error.code.rawValue
            } catch {
                failure = "\(error)"
            }
            guard number >= Self.warmupCalls else { continue }
            if let failure { tally.recordFailure(failure) } else { tally.recordCommitted(after: clock.now - sent) }
        }
        return SeriesFigures(label: label, tally: tally)
    }
}

/// A series' answered calls and their latency, in milliseconds.
struct SeriesFigures: Codable, Sendable {
    var label: String
    var answered: Int
    var errors: [String: Int]
    var p50Ms: Double
    var p90Ms: Double
    var p99Ms: Double
    var maxMs: Double

    init(label: String, tally: ClientTally) {
        self.label = label
        answered = tally.committed
        errors = tally.errors
        let latencies = tally.latencies
        func at(_ percentile: Double) -> Double {
            latencies.totalCount == 0 ? 0 : milliseconds(latencies.valueAtPercentile(percentile))
        }
        p50Ms = at(50)
        p90Ms = at(90)
        p99Ms = at(99)
        maxMs = latencies.totalCount == 0 ? 0 : milliseconds(latencies.max)
    }
}
