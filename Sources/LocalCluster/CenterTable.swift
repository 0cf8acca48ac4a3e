import ClientAPI
import ContactCenter

/// The centers' part of `clusterctl status`: one row per center and channel with traffic, its
/// status first, so that at 3 am the dark ones and the broken routes stand out. Channels with no
/// traffic at all are left out; a center with none still gets a row, for its status.
enum CenterTable {
    static let headers: [TextTable.Cell] = [
        "CENTER", "STATUS", "CHANNEL", "QUEUE", "OLDEST WAIT", "IN SERVICE", "SERVICE LEVEL", "ASA", "ABANDONED",
        "OCCUPANCY", "SHARE",
    ]

    static func lines(_ centers: [CenterStatusRecord], colour: Bool) -> [String] {
        let rows = [headers] + centers.flatMap(rows)
        let broken = centers.flatMap { center in
            center.brokenRoutesTo.map { to in
                TerminalStyle.alarm(
                    "BROKEN ROUTE \(center.id) -> \(to): "
                        + (center.brokenRouteReasons[to] ?? "\(to) refused or did not answer \(center.id)'s overflow")
                        + "; the plan's next center takes it", when: colour)
            }
        }
        return TextTable.lines(rows, colour: colour) + (broken.isEmpty ? [] : [""] + broken)
    }

    static func rows(_ center: CenterStatusRecord) -> [[TextTable.Cell]] {
        let shown = Channel.allCases.compactMap { channel -> (Channel, ServiceFiguresRecord)? in
            guard let figures = center.channels[channel] else { return nil }
            return figures.isIdle && !center.darkChannels.contains(channel) ? nil : (channel, figures)
        }
        guard !shown.isEmpty else {
            return [[TextTable.Cell(center.id), status(center, channel: nil), TextTable.Cell(ServiceFigureText.undefined)]]
        }
        return shown.map { channel, figures in
            [
                TextTable.Cell(center.id), status(center, channel: channel), TextTable.Cell(channel.rawValue),
                TextTable.Cell("\(figures.queueLength)"),
                TextTable.Cell(ServiceFigureText.wait(milliseconds: figures.oldestWaitMs)),
                TextTable.Cell("\(figures.inService)"),
                TextTable.Cell(ServiceFigureText.percent(figures.serviceLevel)),
                TextTable.Cell(ServiceFigureText.wait(milliseconds: figures.averageSpeedOfAnswerMs)),
                TextTable.Cell(ServiceFigureText.percent(figures.abandonmentRate)),
                TextTable.Cell(ServiceFigureText.percent(figures.occupancy)),
                TextTable.Cell(ServiceFigureText.percent(figures.trafficShare)),
            ]
        }
    }

    /// The center's status as it bears on one channel's row.
    static func status(_ center: CenterStatusRecord, channel: Channel?) -> TextTable.Cell {
        let flaps = center.flaps > 0 ? ", \(center.flaps) flap\(center.flaps == 1 ? "" : "s")" : ""
        if center.status == .dark { return TextTable.Cell("DARK" + flaps, alarm: true) }
        if let channel, center.darkChannels.contains(channel) {
            return TextTable.Cell("\(center.status.rawValue), \(channel.rawValue) DARK" + flaps, alarm: true)
        }
        if center.status == .recovering {
            let progress =
                center.failbackPercent.map { "recovering \($0)%" }
                ?? "recovering, hold-down \(ServiceFigureText.wait(milliseconds: center.holdDownMs))"
            return TextTable.Cell(progress + flaps)
        }
        return TextTable.Cell(center.status.rawValue + flaps)
    }
}
