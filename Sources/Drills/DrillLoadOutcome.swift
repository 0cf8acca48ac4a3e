/// What the load returned, with the longest gap between acknowledged writes in the fault's window.
struct DrillLoadOutcome {
    var acknowledged: [DrillLoad.Acknowledged] = []
    var failures = 0
    var longestGapMs: Int64?

    init() {}

    init(_ stopped: (acknowledged: [DrillLoad.Acknowledged], failures: Int), faultWindow: ClosedRange<Int64>?) {
        acknowledged = stopped.acknowledged
        failures = stopped.failures
        guard let faultWindow else { return }
        let times = [faultWindow.lowerBound] + acknowledged.map(\.atMs).filter { faultWindow.contains($0) }.sorted() + [faultWindow.upperBound]
        longestGapMs = zip(times, times.dropFirst()).map { $1 - $0 }.max()
    }
}
