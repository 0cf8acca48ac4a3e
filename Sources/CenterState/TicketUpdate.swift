import ClientAPI
import GRDB

/// `ticket.update` on apply: the state machine's rules, the new fields, and one history line that
/// says what changed, so the history alone tells the ticket's story. A ticket away from home that
/// is assigned or escalated is being worked where it is: pulling it home would take it from its
/// agent, so it stays and forgets its home. One resolved or closed there forgets it too, so that
/// reopening it later does not send it somewhere it was never worked.
enum TicketUpdate {
    static func apply(_ args: TicketUpdateArgs, _ command: Command, in db: Database) throws -> Result<Ticket, APIError> {
        // The history is not read: a long one would cost every update; its length is in the row.
        guard let (found, lastLineID) = try TicketQueries.row(args.ticketId, in: db) else {
            return .failure(APIError(.notFound, "no ticket \(args.ticketId)"))
        }
        var ticket = found
        let lineCount = ticket.lineCount
        guard ticket.state != .closed else { return .failure(APIError(.conflict, "ticket \(ticket.id) is closed")) }
        guard lineCount < CommandLimits.maxLinesPerTicket else {
            return .failure(APIError(.conflict, "ticket \(ticket.id) has \(lineCount) lines, the most a ticket holds"))
        }
        let before = ticket
        var changes: [String] = []
        if let next = args.state, next != ticket.state {
            guard ticket.state.mayBecome(next) else {
                return .failure(APIError(.conflict, "ticket \(ticket.id) is \(ticket.state.rawValue) and cannot become \(next.rawValue)"))
            }
            changes.append("state \(ticket.state.rawValue) → \(next.rawValue)")
            ticket.state = next
        }
        func change<Value: Equatable>(_ name: String, _ field: WritableKeyPath<Ticket, Value>, to value: Value?, _ text: (Value) -> String) {
            guard let value, ticket[keyPath: field] != value else { return }
            ticket[keyPath: field] = value
            changes.append("\(name) \(text(value))")
        }
        change("assignee", \.assignee, to: args.assignee.map(Optional.some)) { $0 ?? "" }
        change("escalated to", \.escalatedTo, to: args.escalatedTo.map(Optional.some)) { $0 ?? "" }
        change("priority", \.priority, to: args.priority) { $0.rawValue }
        change("category", \.category, to: args.category) { $0.rawValue }
        change("due at", \.dueAtMs, to: args.dueAtMs.map(Optional.some)) { "\($0 ?? 0) ms" }
        change("callback wanted", \.callbackWanted, to: args.callbackWanted) { "\($0)" }
        if ticket.state == .assigned, ticket.assignee == nil {
            return .failure(APIError(.badRequest, "args.assignee: an assigned ticket needs one"))
        }
        if ticket.state == .escalated, ticket.escalatedTo == nil {
            return .failure(APIError(.badRequest, "args.escalatedTo: an escalated ticket names the branch"))
        }
        if let home = ticket.homeCenter, let settled = settled(from: before, to: ticket) {
            ticket.homeCenter = nil
            changes.append("stays at \(ticket.center), \(settled) there while away from \(home)")
        }
        let text = ([changes.joined(separator: "; ")].filter { !$0.isEmpty } + [args.text].compactMap { $0 }).joined(separator: ": ")
        guard !text.isEmpty else { return .failure(APIError(.badRequest, "args: nothing to change")) }
        try TicketWrites.insert(
            TicketLine(atMs: command.atMs, author: command.author, text: text), ticket: ticket.id, seq: lineCount, previous: lastLineID, db)
        try db.execute(
            sql: """
                UPDATE tickets SET state = ?, assignee = ?, escalated_to = ?, priority = ?, category = ?, due_at_ms = ?,
                    callback_wanted = ?, updated_at_ms = ?, line_count = ?, home_center = ? WHERE id = ?
                """,
            arguments: [
                ticket.state.rawValue, ticket.assignee, ticket.escalatedTo, ticket.priority.rawValue, ticket.category.rawValue,
                ticket.dueAtMs, ticket.callbackWanted, command.atMs, lineCount + 1, ticket.homeCenter, ticket.id,
            ])
        return try TicketWrites.reread(ticket.id, linesFrom: lineCount, db)
    }

    /// How the update settled the ticket where it is, if it did: finished, or taken (a new
    /// assignee, a new escalation, or the state that says so).
    static func settled(from before: Ticket, to after: Ticket) -> String? {
        if after.state != before.state, !after.state.isActive { return after.state.rawValue }
        let taken =
            (after.assignee != nil && after.assignee != before.assignee)
            || (after.escalatedTo != nil && after.escalatedTo != before.escalatedTo)
            || (after.state != before.state && (after.state == .assigned || after.state == .escalated))
        return taken ? "taken" : nil
    }
}
