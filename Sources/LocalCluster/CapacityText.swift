import ContactCenter
import Foundation

/// `clusterctl plan capacity` for people: what the figures assume, one row per center and channel,
/// the short ones in red, then what nobody may take.
public enum CapacityText {
    static let headers: [TextTable.Cell] = [
        "CENTER", "CHANNEL", "ARRIVALS/H", "FROM DARK/H", "AHT", "ERLANGS", "NEEDED", "TO SCHEDULE", "STAFFED", "SHORT",
        "SL AS STAFFED",
    ]

    public static func render(_ report: CapacityReport, demand: CapacityDemand, colour: Bool) -> String {
        var lines = [
            "Erlang C (no caller abandons, so a cautious count): \(percent(demand.serviceLevelTarget)) answered within "
                + "\(number(demand.thresholdSeconds)) s, shrinkage \(percent(demand.shrinkage))"
        ]
        if !report.dark.isEmpty {
            lines.append(
                "If dark: \(report.dark.joined(separator: ", ")); their branches' traffic is shared by their disaster-recovery plans")
        }
        lines.append("")
        let rows = report.lines.map { line -> [TextTable.Cell] in
            [
                TextTable.Cell(line.center), TextTable.Cell(line.channel.rawValue), TextTable.Cell(number(line.arrivalsPerHour)),
                TextTable.Cell(line.fromDarkCentersPerHour > 0 ? number(line.fromDarkCentersPerHour) : "-"),
                TextTable.Cell("\(number(line.averageHandleSeconds)) s"), TextTable.Cell(String(format: "%.1f", line.trafficErlangs)),
                TextTable.Cell(line.agentsNeeded.map(String.init) ?? "> \(CapacityPlan.maxAgents)"),
                TextTable.Cell(line.agentsToSchedule.map(String.init) ?? "-"), TextTable.Cell("\(line.staffed)"),
                TextTable.Cell(line.short > 0 ? "\(line.short)" : "0", alarm: line.short > 0),
                TextTable.Cell(line.arrivalsPerHour > 0 ? percent(line.serviceLevelAsStaffed) : "-", alarm: line.short > 0),
            ]
        }
        lines += TextTable.lines([headers] + rows, colour: colour)
        lines.append("")
        let short = report.lines.filter { $0.short > 0 }
        if short.isEmpty {
            lines.append("No center is short.")
        } else {
            let list = short.map { "\($0.center) \($0.channel.rawValue) \($0.short)" }.joined(separator: ", ")
            lines.append(TerminalStyle.alarm("Short by \(report.totalShort) agents: \(list)", when: colour))
        }
        for traffic in report.unserved {
            lines.append(
                TerminalStyle.alarm(
                    "UNSERVED: \(number(traffic.arrivalsPerHour))/h of \(traffic.from)'s \(traffic.channel.rawValue): no center of its plan "
                        + "or beyond it staffs the channel", when: colour))
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.1f %%", share * 100)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value)
    }
}
