import Foundation

/// The text form of a `ClusterStatusReport`: a line naming the leader, one row per node, then
/// the centers' service figures once a topology is loaded.
public enum StatusTable {
    static let headers = [
        "NODE", "CENTER", "ENDPOINT", "ROLE", "VOTER", "TERM", "COMMIT", "APPLIED", "LAG", "LAST CONTACT", "DB SIZE",
    ]

    /// `colour` marks alarms in red; give it only when standard output is a terminal. Times of
    /// day are shown in `timeZone`, with how long before `now` they were.
    public static func render(
        _ report: ClusterStatusReport, colour: Bool = false, now: Date = Date(), timeZone: TimeZone = .current
    ) -> String {
        let reachable = report.nodes.filter(\.reachable).count
        let headline =
            if let leader = report.leader {
                "leader: node \(leader.id) (\(leader.center)), term \(leader.term); "
                    + "\(reachable) of \(report.nodes.count) nodes reachable"
            } else {
                "NO LEADER: no reachable node leads; \(reachable) of \(report.nodes.count) nodes reachable"
            }
        let rows = [headers] + report.nodes.map(cells)
        let lines = TextTable.lines(rows.map { $0.map { TextTable.Cell($0) } }, colour: colour)
        let failures = report.nodes.compactMap { row in row.error.map { "node \(row.id): \($0)" } }
        var sections = [headline, ""] + lines + (failures.isEmpty ? [] : [""] + failures)
        if let centers = report.centers, !centers.isEmpty {
            let source = report.centersFromNode.map { " (as applied by node \($0))" } ?? ""
            sections += ["", "centers\(source):"] + CenterTable.lines(centers, colour: colour, since: SinceText(now: now, timeZone: timeZone))
        }
        return sections.joined(separator: "\n")
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
