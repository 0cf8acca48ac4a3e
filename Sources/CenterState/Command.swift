import ClientAPI
import ContactCenter

/// One client write as the log carries it: who asked (for deduplication and the history), when the
/// leader took it (so that applying it never reads a clock), and what to do.
public struct Command: Sendable, Equatable, Codable {
    /// The caller's identity: its role and public key, as the ZAP handler vouched for it.
    public var client: String
    public var requestId: String
    /// The shorter form of `client` written into ticket histories.
    public var author: String
    /// The proposing node's clock, in milliseconds since 1970.
    public var atMs: Int64
    public var action: Action
    /// `RequestFingerprint.of` the action as the client asked for it, before the receiving node
    /// filled in defaults (a ticket's center is that node's): a retry sent to another node is
    /// still recognised. Nil for a command no node received (then the action's own is used).
    public var requestFingerprint: Int64?

    public enum Action: Sendable, Equatable, Codable {
        case ticketCreate(TicketCreateArgs)
        case ticketAppend(TicketAppendArgs)
        case ticketUpdate(TicketUpdateArgs)
        /// Starts the contact-center model from a topology; refused while contacts are live.
        case topologyLoad(Topology)
        case contactCenter(ContactCenter.Command)
        /// A new leader's note of its own election, so that the history shows it (only the nodes
        /// know of elections otherwise).
        case leaderElected(LeaderElection)
        /// A drill's start, abort or end, for the history.
        case drillMarked(DrillMarkArgs)
    }

    public init(
        client: String, requestId: String, author: String, atMs: Int64, action: Action, requestFingerprint: Int64? = nil
    ) {
        self.client = client
        self.requestId = requestId
        self.author = author
        self.atMs = atMs
        self.action = action
        self.requestFingerprint = requestFingerprint
    }

    /// The log entry's bytes, in the binary format of `CommandCodec`.
    public var encoded: [UInt8] { CommandCodec.encode(self) }

    /// Nil for bytes that are no command of a format this node knows (binary or the older JSON).
    public static func decode(_ bytes: [UInt8]) -> Command? { CommandCodec.decode(bytes) }
}

/// Who won which term, and whom it followed.
public struct LeaderElection: Sendable, Equatable, Codable {
    public var node: UInt64
    public var center: String
    public var term: UInt64
    public var previousLeader: UInt64?

    public init(node: UInt64, center: String, term: UInt64, previousLeader: UInt64?) {
        self.node = node
        self.center = center
        self.term = term
        self.previousLeader = previousLeader
    }

    var sentence: String {
        "node \(node) (\(center)) elected leader in term \(term)" + (previousLeader.map { ", after node \($0)" } ?? "")
    }
}

/// Bounds on what a write may carry, checked by the node before proposing and again on apply,
/// so that neither a client nor a bad entry can grow the state without limit.
/// A write's identity: the caller's and its request id, which no other write shares. The ledger
/// finds a retry by it, and the node the answer's waiting client. Two strings, not one joined:
/// joining them cost an allocation per request and per answer.
public struct RequestKey: Hashable, Sendable {
    public var client: String
    public var requestId: String

    public init(client: String, requestId: String) {
        self.client = client
        self.requestId = requestId
    }
}

public enum CommandLimits {
    public static let maxRequestIdCharacters = 128
    public static let maxTitleCharacters = 200
    public static let maxCenterCharacters = 64
    public static let maxLineCharacters = 4_000
    /// A ticket's history stops growing here; further appends are refused as a conflict.
    public static let maxLinesPerTicket = 10_000

    /// What is wrong with the action, as a client should read it; nil when it is acceptable.
    public static func problem(with action: Command.Action) -> String? {
        switch action {
        case .ticketCreate(let args):
            if args.title.isEmpty { return "args.title: must not be empty" }
            if isLonger(args.title, than: maxTitleCharacters) { return "args.title: longer than \(maxTitleCharacters) characters" }
            if let center = args.center, let problem = nameProblem(center, "args.center") { return problem }
            if let text = args.text, isLonger(text, than: maxLineCharacters) {
                return "args.text: longer than \(maxLineCharacters) characters"
            }
            if let assignee = args.assignee, let problem = nameProblem(assignee, "args.assignee") { return problem }
            if let due = args.dueAtMs, due < 0 { return "args.dueAtMs: must be 0 or more (ms since the epoch), not \(due)" }
        case .ticketAppend(let args):
            if args.text.isEmpty { return "args.text: must not be empty" }
            if isLonger(args.text, than: maxLineCharacters) { return "args.text: longer than \(maxLineCharacters) characters" }
        case .ticketUpdate(let args):
            if let text = args.text, isLonger(text, than: maxLineCharacters) { return "args.text: longer than \(maxLineCharacters) characters" }
            if let assignee = args.assignee, let problem = nameProblem(assignee, "args.assignee") { return problem }
            if let branch = args.escalatedTo, let problem = nameProblem(branch, "args.escalatedTo") { return problem }
            if let due = args.dueAtMs, due < 0 { return "args.dueAtMs: must be 0 or more (ms since the epoch), not \(due)" }
        case .topologyLoad(let topology):
            if let first = topology.problems.first { return "args.topology: \(first)" }
        case .contactCenter:
            // The model checks its own commands and refuses with a reason an operator can act on.
            break
        case .leaderElected(let election):
            if let problem = nameProblem(election.center, "center") { return problem }
        case .drillMarked(let mark):
            if let problem = mark.problem { return problem }
        }
        return nil
    }

    private static func nameProblem(_ name: String, _ field: String) -> String? {
        name.isEmpty || isLonger(name, than: maxCenterCharacters) ? "\(field): must be 1 to \(maxCenterCharacters) characters" : nil
    }

    /// Whether `text` has more than `limit` characters. A string has no more characters than
    /// UTF-8 bytes, and those are counted at once: characters are counted only past that, on
    /// every node for every write (a tenth of what checking a command cost).
    public static func isLonger(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    public static func problem(withRequestID id: String?) -> String? {
        guard let id, !id.isEmpty else { return "requestId: a write needs one (retries reuse it)" }
        return isLonger(id, than: maxRequestIdCharacters) ? "requestId: longer than \(maxRequestIdCharacters) characters" : nil
    }
}
