import ClientAPI
import GRDB

/// The ticket rows appends read, kept between applies: reading the row was two fifths of an
/// append's work on the ticket, on every node for every write, and a ticket being worked takes
/// its lines within minutes of each other (BENCHMARKS.md, sixteenth session on issue 13).
///
/// An entry must be what the table holds, so every writer of a ticket's row keeps it so: an append
/// stores what it wrote, and anything else that writes a row (an update, a move by failover)
/// forgets it. All of it is forgotten when the tables may differ from what the applies left in it:
/// on start, after a snapshot is installed, and after an apply that did not commit.
struct TicketRowCache {
    typealias Row = (ticket: Ticket, lastLineID: Int64?)

    /// At about 300 bytes a ticket, 20 MB at most; when full it starts again empty.
    static let maxTickets = 65_536

    private var rows: [Int64: Row] = [:]

    var count: Int { rows.count }

    /// The kept row of ticket `id`, if any (tests compare it with the table).
    func cachedRow(_ id: Int64) -> Row? { rows[id] }

    /// The row of ticket `id` without its history, from here or else from the table.
    mutating func row(_ id: Int64, in db: Database) throws -> Row? {
        if let cached = rows[id] { return cached }
        guard let read = try TicketQueries.row(id, in: db) else { return nil }
        store(read.ticket, lastLineID: read.lastLineID)
        return read
    }

    /// What a write left in the ticket's row; the history is not kept.
    mutating func store(_ ticket: Ticket, lastLineID: Int64?) {
        if rows.count >= Self.maxTickets && rows[ticket.id] == nil { rows.removeAll(keepingCapacity: true) }
        var header = ticket
        header.history = []
        rows[ticket.id] = (header, lastLineID)
    }

    mutating func forget(_ id: Int64) { rows[id] = nil }

    mutating func forgetAll() { rows.removeAll() }
}
