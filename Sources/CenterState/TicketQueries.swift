import ClientAPI
import GRDB
import NodeStorage

/// Reads of the ticket tables, run on a reader connection.
public enum TicketQueries {
    public static func ticket(_ id: Int64, withHistory: Bool, in db: Database) throws -> Ticket? {
        try ticket(id, linesFrom: withHistory ? 0 : nil, in: db)
    }

    /// The ticket with its history lines from position `linesFrom` on (nil: none).
    static func ticket(_ id: Int64, linesFrom first: Int?, in db: Database) throws -> Ticket? {
        guard var ticket = try row(id, in: db)?.ticket else { return nil }
        if let first {
            let statement = try db.cachedStatement(sql: linesFromNewest)
            ticket.history = try RawRow.fetchAll(statement, in: db, binding: { row in
                row.bind(id)
                row.bind(first)
            }) {
                TicketLine(atMs: $0.int64(0), author: $0.text(1), text: $0.text(2))
            }
        }
        return ticket
    }

    /// The ticket without its history, and its newest line's id, which a write links its own line
    /// to (`TicketWrites.insert`): read with the row, the line's insert looks nothing up. Cached and
    /// bound through SQLite's own calls: every ticket write reads its ticket on every node.
    static func row(_ id: Int64, in db: Database) throws -> (ticket: Ticket, lastLineID: Int64?)? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns), last_line_id FROM tickets WHERE id = ?")
        return try RawRow.fetchOne(statement, in: db, binding: { $0.bind(id) }) { row in
            (try decode(row), row.optionalInt64(lastLineColumn))
        }
    }

    /// One page, by id; `nextAfterId` is set when the page is full (there may be more).
    public static func list(_ args: TicketListArgs, in db: Database) throws -> TicketPage {
        let limit = min(max(args.limit ?? TicketListArgs.defaultLimit, 1), TicketListArgs.maxLimit)
        var conditions = ["id > ?"]
        if args.center != nil { conditions.append("center = ?") }
        if args.state != nil { conditions.append("state = ?") }
        let statement = try db.makeStatement(
            sql: "SELECT \(columns) FROM tickets WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?")
        let tickets = try RawRow.fetchAll(statement, in: db, binding: { row in
            row.bind(args.afterId ?? 0)
            if let center = args.center { row.bind(center) }
            if let state = args.state { row.bind(state.rawValue) }
            row.bind(limit)
        }, decode)
        return TicketPage(tickets: tickets, nextAfterId: tickets.count == limit ? tickets.last?.id : nil)
    }

    /// A ticket's lines from position ?2 on, walked back from its newest (see `CenterSchema.lineColumns`):
    /// as many steps as lines returned, each a lookup by id. Each step goes to a smaller id, so a
    /// damaged link (one to itself, or in a circle) ends the walk instead of looping forever.
    private static let linesFromNewest = """
        WITH RECURSIVE walk(id, seq, at_ms, author, text, previous_id) AS (
            SELECT id, seq, at_ms, author, text, previous_id FROM ticket_lines
            WHERE id = (SELECT last_line_id FROM tickets WHERE id = ?1) AND seq >= ?2
            UNION ALL
            SELECT line.id, line.seq, line.at_ms, line.author, line.text, line.previous_id
            FROM ticket_lines AS line JOIN walk ON line.id = walk.previous_id
            WHERE line.seq >= ?2 AND line.id < walk.id)
        SELECT at_ms, author, text FROM walk ORDER BY seq
        """

    /// The columns `decode` reads, by position: every ticket write reads its ticket back on every
    /// node, and a lookup by name compares names case-insensitively, column by column.
    private static let columns = """
        id, title, center, state, category, priority, assignee, escalated_to, due_at_ms, callback_wanted, \
        created_at_ms, updated_at_ms, home_center, line_count
        """

    /// Where `row` reads `last_line_id`: after `columns`.
    private static let lastLineColumn: Int32 = 14

    private static func decode(_ row: RawRow) throws -> Ticket {
        func value<Value: RawRepresentable<String>>(_ column: Int32, _ name: String, as: Value.Type) throws -> Value {
            let text = row.text(column)
            guard let value = Value(rawValue: text) else {
                throw DatabaseError(message: "ticket \(row.int64(0)) has unknown \(name) \(text)")
            }
            return value
        }
        return Ticket(
            id: row.int64(0), title: row.text(1), center: row.text(2), state: try value(3, "state", as: TicketState.self),
            category: try value(4, "category", as: TicketCategory.self), priority: try value(5, "priority", as: TicketPriority.self),
            assignee: row.optionalText(6), escalatedTo: row.optionalText(7), dueAtMs: row.optionalInt64(8),
            callbackWanted: row.bool(9), createdAtMs: row.int64(10), updatedAtMs: row.int64(11), homeCenter: row.optionalText(12),
            lineCount: Int(row.int64(13)))
    }
}
