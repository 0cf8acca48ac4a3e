/// A work order: who it is for, which center owns it, and its append-only history.
public struct Ticket: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    /// The center that owns the ticket (its node's `center` name by default).
    public var center: String
    /// Only while the ticket is away: the center it left when that went dark or draining, where it
    /// returns once that center is up again, unless someone at `center` takes it first.
    public var homeCenter: String?
    public var state: TicketState
    public var category: TicketCategory
    public var priority: TicketPriority
    /// The agent working on it, once assigned.
    public var assignee: String?
    /// The branch it was escalated to (e.g. "hubei" for a visit to a Hubei branch).
    public var escalatedTo: String?
    /// When the customer was promised an answer, in milliseconds since 1970.
    public var dueAtMs: Int64?
    public var callbackWanted: Bool
    /// The leader's clock when the creating write was proposed, in milliseconds since 1970.
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    /// Lines in the whole history.
    public var lineCount: Int
    /// Oldest first. `ticket.get` has them all; a write's answer only the lines that write added, so
    /// that neither the answer nor the retry ledger that keeps it grows with the ticket;
    /// `ticket.list` leaves it empty.
    public var history: [TicketLine]

    public init(
        id: Int64, title: String, center: String, state: TicketState, category: TicketCategory = .other,
        priority: TicketPriority = .normal, assignee: String? = nil, escalatedTo: String? = nil, dueAtMs: Int64? = nil,
        callbackWanted: Bool = false, createdAtMs: Int64, updatedAtMs: Int64, homeCenter: String? = nil, lineCount: Int? = nil,
        history: [TicketLine] = []
    ) {
        self.id = id
        self.title = title
        self.center = center
        self.homeCenter = homeCenter
        self.state = state
        self.category = category
        self.priority = priority
        self.assignee = assignee
        self.escalatedTo = escalatedTo
        self.dueAtMs = dueAtMs
        self.callbackWanted = callbackWanted
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
        self.lineCount = lineCount ?? history.count
        self.history = history
    }
}

/// open → assigned → escalated → awaiting-callback → resolved → closed, and back where a desk
/// needs it: any active state may move to any other, a resolved ticket may be reopened, and a
/// closed one is final.
extension Ticket {
    /// `lineCount` is absent from the answers of nodes older than it (a rolling upgrade): it is then
    /// the history's length, which those nodes always sent whole.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let history = try container.decode([TicketLine].self, forKey: .history)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), title: try container.decode(String.self, forKey: .title),
            center: try container.decode(String.self, forKey: .center), state: try container.decode(TicketState.self, forKey: .state),
            category: try container.decode(TicketCategory.self, forKey: .category),
            priority: try container.decode(TicketPriority.self, forKey: .priority),
            assignee: try container.decodeIfPresent(String.self, forKey: .assignee),
            escalatedTo: try container.decodeIfPresent(String.self, forKey: .escalatedTo),
            dueAtMs: try container.decodeIfPresent(Int64.self, forKey: .dueAtMs),
            callbackWanted: try container.decode(Bool.self, forKey: .callbackWanted),
            createdAtMs: try container.decode(Int64.self, forKey: .createdAtMs), updatedAtMs: try container.decode(Int64.self, forKey: .updatedAtMs),
            homeCenter: try container.decodeIfPresent(String.self, forKey: .homeCenter),
            lineCount: try container.decodeIfPresent(Int.self, forKey: .lineCount), history: history)
    }
}

public enum TicketState: String, Sendable, Equatable, Codable, CaseIterable {
    case open
    case assigned
    case escalated
    case awaitingCallback = "awaiting-callback"
    case resolved
    case closed

    /// Still being worked on: it needs an owner center that is not dark.
    public var isActive: Bool { self != .resolved && self != .closed }

    public func mayBecome(_ next: TicketState) -> Bool {
        switch self {
        case .closed: false
        case .resolved: next == .open || next == .closed
        default: next != self
        }
    }
}

/// The work orders of 2020 (CONTACT-CENTER.md).
public enum TicketCategory: String, Sendable, Equatable, Codable, CaseIterable {
    case loanDeferral = "loan-deferral"
    case accountUnfreeze = "account-unfreeze"
    case misSentTransfer = "mis-sent-transfer"
    case cardRetained = "card-retained"
    case complaint
    case other
}

public enum TicketPriority: String, Sendable, Equatable, Codable, CaseIterable {
    case urgent
    case high
    case normal
    case low
}

public struct TicketLine: Sendable, Equatable, Codable {
    public var atMs: Int64
    /// Who wrote the line: the caller's role and the start of its public key ("client:Yne@..."),
    /// or "system" for lines the cluster writes itself.
    public var author: String
    public var text: String

    public init(atMs: Int64, author: String, text: String) {
        self.atMs = atMs
        self.author = author
        self.text = text
    }
}

public struct TicketCreateArgs: Sendable, Equatable, Codable {
    public var title: String
    /// Defaults to the center of the node that receives the request.
    public var center: String?
    /// The first history line, if any.
    public var text: String?
    public var category: TicketCategory?
    public var priority: TicketPriority?
    /// Makes the new ticket `assigned`.
    public var assignee: String?
    public var dueAtMs: Int64?
    public var callbackWanted: Bool?

    public init(
        title: String, center: String? = nil, text: String? = nil, category: TicketCategory? = nil, priority: TicketPriority? = nil,
        assignee: String? = nil, dueAtMs: Int64? = nil, callbackWanted: Bool? = nil
    ) {
        self.title = title
        self.center = center
        self.text = text
        self.category = category
        self.priority = priority
        self.assignee = assignee
        self.dueAtMs = dueAtMs
        self.callbackWanted = callbackWanted
    }
}

/// `ticket.update`: moves a ticket through its states and changes its fields; every change is
/// written to the history in one line, with `text` if given.
public struct TicketUpdateArgs: Sendable, Equatable, Codable {
    public var ticketId: Int64
    public var state: TicketState?
    public var assignee: String?
    /// A branch; makes sense with `state: escalated`.
    public var escalatedTo: String?
    public var priority: TicketPriority?
    public var category: TicketCategory?
    public var dueAtMs: Int64?
    public var callbackWanted: Bool?
    public var text: String?

    public init(
        ticketId: Int64, state: TicketState? = nil, assignee: String? = nil, escalatedTo: String? = nil,
        priority: TicketPriority? = nil, category: TicketCategory? = nil, dueAtMs: Int64? = nil, callbackWanted: Bool? = nil,
        text: String? = nil
    ) {
        self.ticketId = ticketId
        self.state = state
        self.assignee = assignee
        self.escalatedTo = escalatedTo
        self.priority = priority
        self.category = category
        self.dueAtMs = dueAtMs
        self.callbackWanted = callbackWanted
        self.text = text
    }
}

public struct TicketAppendArgs: Sendable, Equatable, Codable {
    public var ticketId: Int64
    public var text: String
    /// Closes the ticket with this line; a closed ticket takes no more lines.
    public var close: Bool?

    public init(ticketId: Int64, text: String, close: Bool? = nil) {
        self.ticketId = ticketId
        self.text = text
        self.close = close
    }
}

public struct TicketGetArgs: Sendable, Equatable, Codable {
    public var ticketId: Int64

    public init(ticketId: Int64) {
        self.ticketId = ticketId
    }
}

public struct TicketListArgs: Sendable, Equatable, Codable {
    public static let defaultLimit = 100
    public static let maxLimit = 1000

    public var center: String?
    public var state: TicketState?
    /// Paging: only tickets with a larger id (the previous page's `nextAfterId`).
    public var afterId: Int64?
    /// At most `maxLimit`; `defaultLimit` when absent.
    public var limit: Int?

    public init(center: String? = nil, state: TicketState? = nil, afterId: Int64? = nil, limit: Int? = nil) {
        self.center = center
        self.state = state
        self.afterId = afterId
        self.limit = limit
    }
}

public struct TicketPage: Sendable, Equatable, Codable {
    public var tickets: [Ticket]
    /// Pass as `afterId` for the next page; absent on the last page.
    public var nextAfterId: Int64?

    public init(tickets: [Ticket], nextAfterId: Int64?) {
        self.tickets = tickets
        self.nextAfterId = nextAfterId
    }
}

/// What a write answers: the index it was applied at, and the ticket as it now is, with only the
/// history lines this write added.
public struct TicketWriteResult: Sendable, Equatable, Codable {
    public var ticket: Ticket
    public var appliedIndex: UInt64

    public init(ticket: Ticket, appliedIndex: UInt64) {
        self.ticket = ticket
        self.appliedIndex = appliedIndex
    }
}
