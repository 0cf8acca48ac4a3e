import Foundation

/// The drill's own clock: wall time for the report, and the fault's start and end.
struct DrillClock {
    let startedAtMs = DrillClock.nowMs()
    private let started = ContinuousClock.now
    private(set) var faultAtMs: Int64?
    private(set) var faultEndedAtMs: Int64?

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    mutating func faultStarts() { faultAtMs = Self.nowMs() }
    mutating func faultEnds() { faultEndedAtMs = Self.nowMs() }

    var sinceFaultMs: Int64 { Self.nowMs() - (faultAtMs ?? Self.nowMs()) }

    var faultWindowMs: ClosedRange<Int64>? {
        guard let faultAtMs else { return nil }
        return faultAtMs...(faultEndedAtMs ?? Self.nowMs())
    }

    var elapsedText: String {
        let seconds = Double(started.duration(to: .now).components.seconds) + Double(started.duration(to: .now).components.attoseconds) / 1e18
        return String(format: "%6.1f s", seconds)
    }

    func mark(_ what: String, source: String, atMs: Int64 = DrillClock.nowMs()) -> DrillReport.Mark {
        DrillReport.Mark(atMs: atMs, sinceFaultMs: atMs - (faultAtMs ?? atMs), source: source, what: what)
    }
}
