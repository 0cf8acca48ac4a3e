/// Columns padded to their widest cell, two spaces apart. An alarming cell is wrapped in the
/// terminal's red after its width is measured, so escape codes never skew the columns.
enum TextTable {
    struct Cell: ExpressibleByStringLiteral {
        var text: String
        var alarm = false

        init(_ text: String, alarm: Bool = false) {
            self.text = text
            self.alarm = alarm
        }

        init(stringLiteral text: String) {
            self.init(text)
        }
    }

    static func lines(_ rows: [[Cell]], colour: Bool) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { column < $0.count ? $0[column].text.count : 0 }.max() ?? 0
        }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += TerminalStyle.alarm(cell.text, when: colour && cell.alarm)
                line += String(repeating: " ", count: widths[column] - cell.text.count)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}

/// Red for what needs someone now (a dark center or channel, a broken route), only where a
/// person reads a terminal: pipes and files get plain text.
public enum TerminalStyle {
    public static func alarm(_ text: String, when enabled: Bool) -> String {
        enabled ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text
    }
}
