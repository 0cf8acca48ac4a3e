import ClientAPI
import GRDB
import NodeStorage

/// Ticket changes on apply. A refusal (unknown ticket, closed ticket, full history) is an answer,
/// not a thrown error: it is recorded like a success so that a retry gets the same refusal.
enum TicketWrites {
    static func create(_ args: TicketCreateArgs, _ command: Command, in db: Database) throws -> Result<Ticket, APIError> {
        let id = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM tickets") ?? 0) + 1
        let center = args.center ?? "unassigned"
        let lines = args.text.map { [TicketLine(atMs: command.atMs, author: command.author, text: $0)] } ?? []
        let ticket = Ticket(
            id: id, title: args.title, center: center, state: args.assignee == nil ? .open : .assigned,
            category: args.category ?? .other, priority: args.priority ?? .normal, assignee: args.assignee,
            dueAtMs: args.dueAtMs, callbackWanted: args.callbackWanted ?? false, createdAtMs: command.atMs,
            updatedAtMs: command.atMs, lineCount: lines.count, history: lines)
        try db.execute(
            sql: """
                INSERT INTO tickets (id, title, center, state, category, priority, assignee, escalated_to, due_at_ms,
                    callback_wanted, created_at_ms, updated_at_ms, line_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, ticket.title, center, ticket.state.rawValue, ticket.category.rawValue, ticket.priority.rawValue,
                ticket.assignee, ticket.escalatedTo, ticket.dueAtMs, ticket.callbackWanted, command.atMs, command.atMs, lines.count,
            ])
        if let line = lines.first { try insert(line, ticket: id, seq: 0, previous: nil, db) }
        return .success(ticket)
    }

    static func append(
        _ args: TicketAppendArgs, _ command: Command, rows: inout TicketRowCache, in db: Database
    ) throws -> Result<Ticket, APIError> {
        // Cached statements here and below: an append runs them on every node for every write, and
        // compiling each anew (with GRDB's authorizer) cost a fifth of applying it.
        guard let (found, lastLineID) = try rows.row(args.ticketId, in: db) else {
            return .failure(APIError(.notFound, "no ticket \(args.ticketId)"))
        }
        var ticket = found
        guard ticket.state != .closed else {
            return .failure(APIError(.conflict, "ticket \(args.ticketId) is closed"))
        }
        let count = ticket.lineCount
        guard count < CommandLimits.maxLinesPerTicket else {
            return .failure(APIError(.conflict, "ticket \(args.ticketId) has \(count) lines, the most a ticket holds"))
        }
        let line = TicketLine(atMs: command.atMs, author: command.author, text: args.text)
        let lineID = try insert(line, ticket: args.ticketId, seq: count, previous: lastLineID, db)
        if args.close == true {
            // Closed is final: it never moves again, so it has no home to go to.
            try db.execute(
                sql: "UPDATE tickets SET state = ?, home_center = NULL WHERE id = ?", arguments: [TicketState.closed.rawValue, args.ticketId])
            ticket.state = .closed
            ticket.homeCenter = nil
        }
        // The answer is the row read above as these statements left it, not read again: two fewer
        // queries on every node for every append (CenterStateTests compare it with a fresh read).
        ticket.lineCount = count + 1
        ticket.updatedAtMs = command.atMs
        rows.store(ticket, lastLineID: lineID)
        ticket.history = [line]
        return .success(ticket)
    }

    /// The ticket as a write leaves it, with the lines from `linesFrom` on: those the write added.
    static func reread(_ id: Int64, linesFrom first: Int, _ db: Database) throws -> Result<Ticket, APIError> {
        guard let ticket = try TicketQueries.ticket(id, linesFrom: first, in: db) else {
            return .failure(APIError(.internalError, "ticket \(id) vanished while being written"))
        }
        return .success(ticket)
    }

    /// Appends `line` as the ticket's line `seq` (its line count so far), linked to `previous`, its
    /// newest line so far (`TicketQueries.row`), and makes it the ticket's newest: its count and
    /// last change follow the line. Returns the line's id.
    @discardableResult
    static func insert(_ line: TicketLine, ticket: Int64, seq: Int, previous: Int64?, _ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO ticket_lines (ticket_id, seq, at_ms, author, text, previous_id) VALUES (?, ?, ?, ?, ?, ?)")
        try RawWrite.execute(statement, in: db) { row in
            row.bind(ticket)
            row.bind(seq)
            row.bind(line.atMs)
            row.bind(line.author)
            row.bind(line.text)
            row.bind(previous)
        }
        let lineID = db.lastInsertedRowID
        try RawWrite.execute(
            db.cachedStatement(sql: "UPDATE tickets SET last_line_id = ?, line_count = ?, updated_at_ms = ? WHERE id = ?"), in: db
        ) { row in
            row.bind(lineID)
            row.bind(seq + 1)
            row.bind(line.atMs)
            row.bind(ticket)
        }
        return lineID
    }
}
