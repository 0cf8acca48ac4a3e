import ClientAPI
import Wire

/// An applied write's answer as the request ledger keeps it: a ticket write's result in a compact
/// binary record, anything else as the JSON the client gets. Every node applies every write and
/// keeps its answer, but only the node a client waits on needs the JSON: rendering it on every node
/// was a seventh of what an append's apply cost, and its bytes half of the ledger's row.
///
/// Stored bytes are told apart by their first byte, as `CommandCodec`'s are: JSON (rows of earlier
/// versions, refusals, contact-center answers) starts with `{`; version 1 (never `{`) is the
/// applied index (UInt64 little-endian) and the ticket in `CommandCodec`'s conventions: id, title,
/// center, home center?, state, category, priority, assignee?, escalated to?, due at?, callback
/// wanted, created at, updated at, line count, then the lines (a UInt32 count, each at, author,
/// text). The request id is the ledger row's own. A record renders the same JSON bytes every time,
/// so a retry gets exactly the first answer.
public enum StoredAnswer: Sendable, Equatable {
    case json([UInt8])
    case ticketWrite(TicketWriteResult)

    private static let ticketWriteVersion: UInt8 = 1
    private static let jsonOpening = UInt8(ascii: "{")

    /// The answer the client gets.
    public func json(requestId: String) -> [UInt8] {
        switch self {
        case .json(let bytes): bytes
        case .ticketWrite(let result): Response(requestId: requestId, result: result).json
        }
    }

    var stored: [UInt8] {
        switch self {
        case .json(let bytes): return bytes
        case .ticketWrite(let result):
            let ticket = result.ticket
            var writer = ByteWriter(capacity: 160 + ticket.title.utf8.count + ticket.history.reduce(0) { $0 + 48 + $1.text.utf8.count })
            writer.write(Self.ticketWriteVersion)
            writer.write(result.appliedIndex)
            writer.write(ticket.id)
            writer.write(string: ticket.title)
            writer.write(string: ticket.center)
            writer.write(ticket.homeCenter)
            writer.write(string: ticket.state.rawValue)
            writer.write(string: ticket.category.rawValue)
            writer.write(string: ticket.priority.rawValue)
            writer.write(ticket.assignee)
            writer.write(ticket.escalatedTo)
            writer.write(ticket.dueAtMs) { $0.write($1) }
            writer.write(ticket.callbackWanted)
            writer.write(ticket.createdAtMs)
            writer.write(ticket.updatedAtMs)
            writer.write(Int64(ticket.lineCount))
            writer.write(UInt32(ticket.history.count))
            for line in ticket.history {
                writer.write(line.atMs)
                writer.write(string: line.author)
                writer.write(string: line.text)
            }
            return writer.bytes
        }
    }

    /// What `stored` wrote. Bytes that are neither JSON nor a record this version reads (a damaged
    /// row) give an internal error for the client, never a crash.
    init(stored bytes: [UInt8], requestId: String) {
        switch bytes.first {
        case Self.jsonOpening: self = .json(bytes)
        case Self.ticketWriteVersion:
            do throws(WireError) {
                self = .ticketWrite(try Self.ticketWrite(bytes))
            } catch {
                self = .unreadable(requestId: requestId, "\(error)")
            }
        default: self = .unreadable(requestId: requestId, "its first byte is \(bytes.first.map(String.init) ?? "missing")")
        }
    }

    private static func unreadable(requestId: String, _ reason: String) -> StoredAnswer {
        let error = APIError(.internalError, "the answer this write got the first time cannot be read back: \(reason)")
        return .json(APIJSON.encode(Response<TicketWriteResult>(requestId: requestId, error: error)))
    }

    private static func ticketWrite(_ bytes: [UInt8]) throws(WireError) -> TicketWriteResult {
        var reader = ByteReader(bytes)
        _ = try reader.uint8("version")
        let appliedIndex = try reader.uint64("applied index")
        var ticket = Ticket(
            id: try reader.int64("id"), title: try reader.string("title"), center: try reader.string("center"),
            state: .open, createdAtMs: 0, updatedAtMs: 0)
        ticket.homeCenter = try reader.optionalString("home center")
        ticket.state = try reader.required("state")
        ticket.category = try reader.required("category")
        ticket.priority = try reader.required("priority")
        ticket.assignee = try reader.optionalString("assignee")
        ticket.escalatedTo = try reader.optionalString("escalated to")
        ticket.dueAtMs = try reader.optionalInt64("due at")
        ticket.callbackWanted = try reader.bool("callback wanted")
        ticket.createdAtMs = try reader.int64("created at")
        ticket.updatedAtMs = try reader.int64("updated at")
        ticket.lineCount = Int(try reader.int64("line count"))
        // Bounded before any line is read: a write adds a line or two, never more than a ticket holds.
        let lines = try reader.uint32("lines")
        guard lines <= CommandLimits.maxLinesPerTicket else { throw .malformed("\(lines) lines in one answer") }
        for _ in 0..<lines {
            ticket.history.append(TicketLine(atMs: try reader.int64("at"), author: try reader.string("author"), text: try reader.string("text")))
        }
        guard reader.isAtEnd else { throw .malformed("bytes after the answer") }
        return TicketWriteResult(ticket: ticket, appliedIndex: appliedIndex)
    }
}
