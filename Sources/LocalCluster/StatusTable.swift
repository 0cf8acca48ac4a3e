import Foundation

/// The text form of a `ClusterStatusReport`: a line naming the leader, then one row per node.
public enum StatusTable {
    static let headers = [
        "NODE", "CENTER", "ENDPOINT", "ROLE", "VOTER", "TERM", "COMMIT", "APPLIED", "LAG", "LAST CONTACT", "DB SIZE",
    ]

    public static func render(_ report: ClusterStatusReport) -> String {
        let reachable = report.nodes.filter(\.reachable).count
        let headline =
            if let leader = report.leader {
                "leader: node \(leader.id) (\(leader.center)), term \(leader.term); "
                    + "\(reachable) of \(report.nodes.count) nodes reachable"
            } else {
                "NO LEADER: no reachable node leads; \(reachable) of \(report.nodes.count) nodes reachable"
            }
        let rows = [headers] + report.nodes.map(cells)
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        let failures = report.nodes.compactMap { row in row.error.map { "node \(row.id): \($0)" } }
        return ([headline, ""] + lines + (failures.isEmpty ? [] : [""] + failures)).joined(separator: "\n")
    }

    static func cells(_ row: ClusterStatusReport.Row) -> [String] {
        let dash = "-"
        return [
            "\(row.id)", row.center, row.endpoint, row.role,
            row.voter.map { $0 ? "yes" : "no" } ?? dash,
            row.term.map(String.init) ?? dash,
            row.commitIndex.map(String.init) ?? dash,
            row.appliedIndex.map(String.init) ?? dash,
            row.lagEntries.map(String.init) ?? dash,
            row.lastContactMs.map { "\($0) ms" } ?? dash,
            row.dbSizeBytes.map(ByteSize.format) ?? dash,
        ]
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
