/// One client operation of a chaos run, as the client saw it: when it was sent and answered (on
/// the run's monotonic clock), what it asked and what it got.
public struct ChaosOperation: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// `ticket.append` of a value no other operation appends.
        case append
        /// `ticket.get`, linearizable: the ticket's whole history.
        case read
    }

    public enum Outcome: String, Sendable, Codable {
        case ok
        /// Definitely not applied (`leader_changed`, `not_leader`, `bad_request`, ...).
        case failed
        /// May or may not have been applied (`timeout`, `no_quorum`, `busy`, `unavailable`, no answer).
        case unknown
    }

    public var client: Int
    public var node: UInt64
    public var kind: Kind
    public var ticket: Int64
    /// The value appended; nil for a read.
    public var value: String?
    /// The history a successful read returned, oldest first.
    public var observed: [String]?
    public var invokedNs: UInt64
    public var completedNs: UInt64
    public var outcome: Outcome
    public var error: String?

    public init(
        client: Int, node: UInt64, kind: Kind, ticket: Int64, value: String? = nil, observed: [String]? = nil,
        invokedNs: UInt64, completedNs: UInt64, outcome: Outcome, error: String? = nil
    ) {
        self.client = client
        self.node = node
        self.kind = kind
        self.ticket = ticket
        self.value = value
        self.observed = observed
        self.invokedNs = invokedNs
        self.completedNs = completedNs
        self.outcome = outcome
        self.error = error
    }

    var summary: String {
        let at = "[\(Self.seconds(invokedNs))–\(Self.seconds(completedNs)) s]"
        switch kind {
        case .append: return "client \(client) append \(value ?? "?") to ticket \(ticket) on node \(node) \(at): \(outcome.rawValue)"
        case .read:
            let seen = observed.map { "\($0.count) lines, last \($0.last ?? "none")" } ?? (error ?? "")
            return "client \(client) read ticket \(ticket) on node \(node) \(at): \(outcome.rawValue), \(seen)"
        }
    }

    static func seconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.3f", Double(nanoseconds) / 1e9)
    }
}
