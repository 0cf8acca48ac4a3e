import ClientAPI
import Foundation

/// Tickets as `clusterctl ticket` prints them: a page as a table, one ticket with its history.
public enum TicketText {
    static let headers: [TextTable.Cell] = ["ID", "STATE", "CENTER", "PRIORITY", "CATEGORY", "LINES", "UPDATED", "TITLE"]

    public static func page(_ page: TicketPage, timeZone: TimeZone = .current) -> String {
        guard !page.tickets.isEmpty else { return "No tickets." }
        let rows = page.tickets.map { ticket -> [TextTable.Cell] in
            [
                TextTable.Cell("\(ticket.id)"), TextTable.Cell(ticket.state.rawValue), TextTable.Cell(center(ticket)),
                TextTable.Cell(ticket.priority.rawValue, alarm: ticket.priority == .urgent), TextTable.Cell(ticket.category.rawValue),
                TextTable.Cell("\(ticket.lineCount)"), TextTable.Cell(time(ticket.updatedAtMs, timeZone)), TextTable.Cell(ticket.title),
            ]
        }
        return (TextTable.lines([headers] + rows, colour: false) + RecordText.more(page.nextAfterId)).joined(separator: "\n")
    }

    /// The ticket's fields, then the history lines it carries (all of them for `ticket get`, the
    /// new ones for a write's answer).
    public static func ticket(_ ticket: Ticket, timeZone: TimeZone = .current) -> String {
        var lines = [
            "ticket \(ticket.id): \(ticket.title)",
            "  state     \(ticket.state.rawValue)",
            "  center    \(center(ticket))",
            "  priority  \(ticket.priority.rawValue), category \(ticket.category.rawValue)",
        ]
        if let assignee = ticket.assignee { lines.append("  assignee  \(assignee)") }
        if let branch = ticket.escalatedTo { lines.append("  escalated to \(branch)") }
        if let due = ticket.dueAtMs { lines.append("  due       \(time(due, timeZone))") }
        if ticket.callbackWanted { lines.append("  the customer wants a callback") }
        lines.append("  created   \(time(ticket.createdAtMs, timeZone)), updated \(time(ticket.updatedAtMs, timeZone))")
        let first = ticket.lineCount - ticket.history.count + 1
        lines.append("  history   \(ticket.lineCount) line\(ticket.lineCount == 1 ? "" : "s")" + (ticket.history.count < ticket.lineCount ? ", from #\(first):" : ":"))
        for (offset, line) in ticket.history.enumerated() {
            lines.append("    #\(first + offset) \(time(line.atMs, timeZone)) \(line.author): \(line.text)")
        }
        return lines.joined(separator: "\n")
    }

    static func center(_ ticket: Ticket) -> String {
        ticket.homeCenter.map { "\(ticket.center) (away from \($0))" } ?? ticket.center
    }

    /// UTC or the reader's zone, to the second, with the date: tickets live for days.
    static func time(_ ms: Int64, _ timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
