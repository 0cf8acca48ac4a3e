import CenterState
import ClientAPI
import Consensus

/// A client write this node proposed, waiting for its answer.
final class WriteWaiter {
    enum Kind {
        /// Answered by the application when it applies the command.
        case command(RequestKey)
        /// A membership entry: answered when its index applies in its term.
        case membership
    }

    let incoming: ClientEndpoint.Incoming
    let requestId: String
    let op: APIOperation
    let kind: Kind
    let startedAt: ContinuousClock.Instant

    init(incoming: ClientEndpoint.Incoming, requestId: String, op: APIOperation, kind: Kind, startedAt: ContinuousClock.Instant) {
        self.incoming = incoming.replyAddress
        self.requestId = requestId
        self.op = op
        self.kind = kind
        self.startedAt = startedAt
    }
}

/// A linearizable read, waiting for the leader's confirmation and then for the apply.
struct ReadWaiter {
    var incoming: ClientEndpoint.Incoming
    var requestId: String?
    var op: APIOperation
    var query: Query
    var startedAt: ContinuousClock.Instant

    init(incoming: ClientEndpoint.Incoming, requestId: String?, op: APIOperation, query: Query, startedAt: ContinuousClock.Instant) {
        self.incoming = incoming.replyAddress
        self.requestId = requestId
        self.op = op
        self.query = query
        self.startedAt = startedAt
    }
}

/// What a read asks for, decoded before it waits so that a bad argument is answered at once.
enum Query {
    case ticket(Int64)
    case tickets(TicketListArgs)
    case contact(UInt64)
    case contacts(ContactListArgs)
    case agents(AgentListArgs)
    case centers
    case settings
    case stats(CenterStatsArgs)
    case route(RouteExplainArgs)
    case events(EventListArgs)
}
