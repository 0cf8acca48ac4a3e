import ClientAPI
import GRDB

/// Ticket changes on apply. A refusal (unknown ticket, closed ticket, full history) is an answer,
/// not a thrown error: it is recorded like a success so that a retry gets the same refusal.
enum TicketWrites {
    static func create(_ args: TicketCreateArgs, _ command: Command, in db: Database) throws -> Result<Ticket, APIError> {
        let id = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM tickets") ?? 0) + 1
        let center = args.center ?? "unassigned"
        let lines = args.text.map { [TicketLine(atMs: command.atMs, author: command.author, text: $0)] } ?? []
        try db.execute(
            sql: """
                INSERT INTO tickets (id, title, center, state, created_at_ms, updated_at_ms, line_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, args.title, center, TicketState.open.rawValue, command.atMs, command.atMs, lines.count])
        for (seq, line) in lines.enumerated() { try insert(line, ticket: id, seq: seq, db) }
        return .success(
            Ticket(
                id: id, title: args.title, center: center, state: .open, createdAtMs: command.atMs,
                updatedAtMs: command.atMs, history: lines))
    }

    static func append(_ args: TicketAppendArgs, _ command: Command, in db: Database) throws -> Result<Ticket, APIError> {
        guard let row = try Row.fetchOne(db, sql: "SELECT state, line_count FROM tickets WHERE id = ?", arguments: [args.ticketId])
        else {
            return .failure(APIError(.notFound, "no ticket \(args.ticketId)"))
        }
        guard row["state"] as String == TicketState.open.rawValue else {
            return .failure(APIError(.conflict, "ticket \(args.ticketId) is closed"))
        }
        let count: Int = row["line_count"]
        guard count < CommandLimits.maxLinesPerTicket else {
            return .failure(APIError(.conflict, "ticket \(args.ticketId) has \(count) lines, the most a ticket holds"))
        }
        let line = TicketLine(atMs: command.atMs, author: command.author, text: args.text)
        try insert(line, ticket: args.ticketId, seq: count, db)
        let state = args.close == true ? TicketState.closed : .open
        try db.execute(
            sql: "UPDATE tickets SET line_count = ?, updated_at_ms = ?, state = ? WHERE id = ?",
            arguments: [count + 1, command.atMs, state.rawValue, args.ticketId])
        guard let ticket = try TicketQueries.ticket(args.ticketId, withHistory: true, in: db) else {
            return .failure(APIError(.internalError, "ticket \(args.ticketId) vanished while being written"))
        }
        return .success(ticket)
    }

    private static func insert(_ line: TicketLine, ticket: Int64, seq: Int, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO ticket_lines (ticket_id, seq, at_ms, author, text) VALUES (?, ?, ?, ?, ?)",
            arguments: [ticket, seq, line.atMs, line.author, line.text])
    }
}
