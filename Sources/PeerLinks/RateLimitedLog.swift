/// Logs at most one line per key per interval and says how many were held back, so that a peer
/// sending garbage in a loop costs one line every few seconds, not one per frame.
struct RateLimitedLog {
    private let interval: Duration
    private let sink: (String) -> Void
    /// Keyed by drop reason: a small fixed set, so these stay bounded.
    private var lastLogged: [String: ContinuousClock.Instant] = [:]
    private var suppressed: [String: UInt64] = [:]

    init(intervalMs: Int, sink: @escaping (String) -> Void) {
        interval = .milliseconds(intervalMs)
        self.sink = sink
    }

    /// `line` is built only when it is actually logged.
    mutating func log(
        _ key: String, at now: ContinuousClock.Instant = .now, _ line: @autoclosure () -> String
    ) {
        if let last = lastLogged[key], now < last.advanced(by: interval) {
            suppressed[key, default: 0] += 1
            return
        }
        lastLogged[key] = now
        let held = suppressed.removeValue(forKey: key) ?? 0
        sink(held == 0 ? line() : "\(line()) (\(held) more since the last report)")
    }
}
