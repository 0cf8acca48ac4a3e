/// What a chaos run did and what the checker concluded.
public struct ChaosReport: Sendable, Equatable, Codable {
    public struct NemesisStep: Sendable, Equatable, Codable {
        public var fault: ChaosFault
        public var node: UInt64
        public var atMs: Int
        public var healedAtMs: Int
    }

    public var options: ChaosOptions
    public var nodes: Int
    public var nemesis: [NemesisStep]
    public var operations: [String: Int]
    public var verdict: ListAppendChecker.Verdict
    /// Each ticket's history length at the end.
    public var finalLines: [Int64: Int]

    public var text: String {
        var lines = [
            "chaos: \(nodes) nodes, \(options.clients) clients on \(options.tickets) tickets, \(options.durationMs / 1_000) s, seed \(options.seed)",
            "nemesis: \(nemesis.count) faults (" + ChaosFault.allCases.compactMap { fault in
                let count = nemesis.filter { $0.fault == fault }.count
                return count == 0 ? nil : "\(count) \(fault.rawValue)"
            }.joined(separator: ", ") + ")",
            "operations: " + operations.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
            "acknowledged appends \(verdict.acknowledgedAppends), reads \(verdict.reads); final lines per ticket: "
                + finalLines.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "),
        ]
        if verdict.valid {
            lines.append("verdict: linearizable (no anomaly in \(verdict.operations) operations)")
        } else {
            lines.append("verdict: NOT linearizable: \(verdict.anomalies.count) anomalies; the earliest:")
            lines += verdict.anomalies.prefix(5).map { "  - \($0)" }
            lines.append("replay: clusterctl chaos --seed \(options.seed) (the nemesis repeats its choices; timing differs)")
        }
        return lines.joined(separator: "\n")
    }
}
