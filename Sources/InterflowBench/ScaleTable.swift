/// The scale report as a person reads it: the machine, how the state was built, one row per kind
/// of call with its target, and the snapshot figures.
enum ScaleTable {
    static func render(_ report: ScaleReport) -> String {
        let facts = report.machine
        let setup = report.setup
        var lines = [
            "command:     \(facts.command)",
            "machine:     \(facts.cores) cores (\(facts.cpu)), kernel \(facts.kernel), \(facts.build) build",
            "center-node: \(facts.centerNode)",
            "date:        \(facts.date)",
            "",
            "state: \(report.tickets) tickets, \(report.contacts) queued contacts, \(report.nodes) nodes",
            "  model built in process:  \(f(setup.modelBuildSeconds)) s, image \(mebibytes(setup.modelImageBytes))",
            "  seeding per node:        \(setup.seedSecondsPerNode.map { f($0) }.joined(separator: ", ")) s",
            "  database per node:       \(setup.databaseBytesPerNode.map(mebibytes).joined(separator: ", "))",
            "  restart to leader:       \(f(setup.restartToLeaderSeconds)) s",
            "",
            "one client, sequential calls to the leader, node \(setup.measuredLeader) "
                + "(leader after the calls: node \(setup.leaderAfterMeasuring)); latency in ms",
        ]
        // Issue 5 sets no target for center.status; its figures are shown against the reads' one.
        let rows = report.reads.map { series in
            row(series, target: "\(series.label == "center.status" ? "(none set) " : "")p99 ≤ \(f(ScaleReport.readP99TargetMs))",
                met: series.p99Ms <= ScaleReport.readP99TargetMs)
        }
            + [row(report.enqueue, target: "p50 < \(f(ScaleReport.enqueueP50TargetMs))", met: report.enqueue.p50Ms < ScaleReport.enqueueP50TargetMs)]
        lines += table(header: ["call", "answered", "errors", "p50", "p90", "p99", "max", "target"], rows: rows)
        lines += [
            "live contacts (center.status): \(report.queuedBefore) before the enqueues, \(report.queuedAfter) after "
                + "\(report.enqueuesSent) enqueues (warm-up included)",
            "CPU per enqueue, ms (user + system, whole process): "
                + report.enqueueCPU.map { "node \($0.node)\($0.node == setup.measuredLeader ? " (leader)" : "") \(f($0.msPerCall))" }
                .joined(separator: ", "),
        ]
        if let snapshot = report.snapshot {
            lines += [
                "",
                "snapshot of the seeded state, in process (NodeStore + CenterState, as a node)",
                "  model rebuild at start:  \(f(snapshot.prepareSeconds)) s (\(snapshot.liveContacts) live contacts)",
                "  take:                    \(f(snapshot.takeSeconds)) s, \(mebibytes(snapshot.bytes)) "
                    + "(a node's store takes at most \(mebibytes(snapshot.storeLimitBytes))), on a thread of its own",
                "  file:                    \(f(snapshot.fileSeconds)) s (written and fsynced, on the same thread)",
                "  store:                   \(f(snapshot.storeSeconds)) s (on the node's loop, when it compacts)",
                "  restore:                 \(f(snapshot.restoreSeconds)) s "
                    + "(\(snapshot.restoredTickets) tickets, \(snapshot.restoredContacts) contacts)",
                "  peak resident memory:    \(mebibytes(snapshot.peakResidentBytesAfterTake)) after take, "
                    + "\(mebibytes(snapshot.peakResidentBytesAfterRestore)) after restore (whole bench process)",
            ]
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ series: SeriesFigures, target: String, met: Bool) -> [String] {
        let errors = series.errors.isEmpty ? "0" : series.errors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return [series.label, "\(series.answered)", errors, f(series.p50Ms), f(series.p90Ms), f(series.p99Ms), f(series.maxMs),
                "\(target): \(met ? "met" : "MISSED")"]
    }

    private static func table(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                // Text columns left, numbers right.
                return [0, 2, 7].contains(column) ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }

    private static func f(_ value: Double) -> String { ClusterBenchTable.format(value) }

    private static func mebibytes(_ bytes: Int) -> String { "\(f((Double(bytes) / 1_048_576 * 10).rounded() / 10)) MiB" }
}
