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

    static func lines(_ centers: [CenterStatusRecord], colour: Bool, since: SinceText) -> [String] {
        let table = [headers] + centers.flatMap { rows($0, since: since) }
        let broken = centers.flatMap { center in
            center.brokenRoutesTo.map { to in
                TerminalStyle.alarm(
                    "BROKEN ROUTE \(center.id) -> \(to): "
                        + (center.brokenRouteReasons[to] ?? "\(to) refused or did not answer \(center.id)'s overflow")
                        + "; the plan's next center takes it", when: colour)
            }
        }
        return TextTable.lines(table, colour: colour) + (broken.isEmpty ? [] : [""] + broken)
    }

    static func rows(_ center: CenterStatusRecord, since: SinceText) -> [[TextTable.Cell]] {
        let shown = Channel.allCases.compactMap { channel -> (Channel, ServiceFiguresRecord)? in
            guard let figures = center.channels[channel] else { return nil }
            return figures.isIdle && !center.darkChannels.contains(channel) ? nil : (channel, figures)
        }
        guard !shown.isEmpty else {
            return [[TextTable.Cell(center.id), status(center, channel: nil, since: since), TextTable.Cell(ServiceFigureText.undefined)]]
        }
        return shown.map { channel, figures in
            [
                TextTable.Cell(center.id), status(center, channel: channel, since: since), TextTable.Cell(channel.rawValue),
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

    /// The center's status as it bears on one channel's row: every dark with its reason and start.
    static func status(_ center: CenterStatusRecord, channel: Channel?, since: SinceText) -> TextTable.Cell {
        let flaps = center.flaps > 0 ? ", \(center.flaps) flap\(center.flaps == 1 ? "" : "s")" : ""
        let reason = center.reason.map { "\($0.rawValue) " } ?? ""
        switch center.status {
        case .dark:
            return TextTable.Cell("DARK (\(reason)\(since.text(center.statusSinceMs)))" + flaps, alarm: true)
        case .draining:
            return TextTable.Cell("draining (\(since.text(center.statusSinceMs)))" + flaps)
        case .recovering, .up:
            break
        }
        if let channel, let dark = center.darkChannelReasons[channel] {
            let text = "\(center.status.rawValue), \(channel.rawValue) DARK (\(dark.reason) \(since.text(dark.sinceMs)))"
            return TextTable.Cell(text + flaps, alarm: true)
        }
        var text = center.status.rawValue
        if center.status == .recovering {
            text += center.reason.map { " from \($0.rawValue)" } ?? ""
            text += center.failbackPercent > 0
                ? ", step \(center.failbackPercent)%" : ", hold-down \(ServiceFigureText.wait(milliseconds: center.holdDownMs))"
        }
        let closed = channel.map { center.closedChannels.contains($0) } ?? (center.closedChannels.count == Channel.allCases.count)
        if closed { text += ", \(channel.map { "\($0.rawValue) " } ?? "")closed, after hours to \(center.afterHours.rawValue)" }
        return TextTable.Cell(text + flaps)
    }
}
