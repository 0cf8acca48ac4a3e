/// The report as a person reads it: the machine, one row per concurrency level, and the failover
/// times with their distribution.
enum ClusterBenchTable {
    /// Wide enough to tell one election timeout (0.5–1 s on loopback) from two.
    static let bucketMs = 100.0

    static func render(_ report: ClusterBenchReport) -> String {
        var lines = machine(report)
        if !report.levels.isEmpty {
            lines += ["", "committed ticket.append (\(report.nodes) nodes, \(report.tickets) tickets, "
                + "\(format(report.warmupSeconds)) s warm-up per level)"]
            lines += table(
                header: ["clients", "seconds", "requests", "errors", "appends/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "cpu ms/append",
                    "db bytes/append"],
                rows: report.levels.map { level in
                    [
                        "\(level.clients)", format(level.seconds), "\(level.requests)", errors(level.errors),
                        format(level.appendsPerSecond), format(level.p50Ms), format(level.p99Ms), format(level.p999Ms),
                        format(level.maxMs), level.cpuMsPerAppend.map(format) ?? "-",
                        level.databaseBytesPerAppend.map(String.init) ?? "-",
                    ]
                })
        }
        if let failover = report.failover {
            let load = failover.loadClients > 0 ? ", \(failover.loadClients) clients appending meanwhile" : ""
            lines += ["", "leader failover: \(failover.fault.label) until a write commits (\(failover.cycles) cycles\(load))"]
            lines += [
                "median \(format(failover.medianMs)) ms, p99 \(format(failover.p99Ms)) ms, "
                    + "min \(format(failover.minMs)) ms, max \(format(failover.maxMs)) ms"
            ]
            lines += distribution(failover.samplesMs)
        }
        return lines.joined(separator: "\n")
    }

    private static func machine(_ report: ClusterBenchReport) -> [String] {
        let facts = report.machine
        return [
            "command:     \(facts.command)",
            "machine:     \(facts.cores) cores (\(facts.cpu)), kernel \(facts.kernel), \(facts.build) build",
            "center-node: \(facts.centerNode)",
            "date:        \(facts.date)",
        ]
    }

    private static func errors(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "0" : counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    private static func distribution(_ samplesMs: [Double]) -> [String] {
        let buckets = Dictionary(grouping: samplesMs) { Int(($0 / bucketMs).rounded(.down)) }
        return buckets.keys.sorted().map { bucket in
            let from = Int(Double(bucket) * bucketMs)
            let count = buckets[bucket]?.count ?? 0
            return "  \(pad("\(from)–\(from + Int(bucketMs)) ms", 14)) \(pad("\(count)", 3)) "
                + String(repeating: "#", count: count)
        }
    }

    private static func table(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                // The errors column is text; the rest are numbers, right-aligned.
                return column == 3 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Whole numbers without a fraction, others to two places.
    static func format(_ value: Double) -> String {
        if value == value.rounded() { return "\(Int(value))" }
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
