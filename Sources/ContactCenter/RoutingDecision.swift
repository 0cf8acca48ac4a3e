/// A new contact as routing sees it.
public struct ContactRequest: Sendable, Equatable {
    /// The contact's sequence number in the cluster: it seeds the choices among shares, so every
    /// node makes the same one.
    public var id: UInt64
    public var channel: Channel
    public var branch: String
    public var segment: Segment

    public init(id: UInt64, channel: Channel, branch: String, segment: Segment = .normal) {
        self.id = id
        self.channel = channel
        self.branch = branch
        self.segment = segment
    }
}

/// Where a contact goes, and the rules that sent it there with the figures they used.
public struct RoutingDecision: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case assigned(center: String, channel: Channel, reason: AssignmentReason)
        /// No center can take the contact; `steps` say why.
        case unroutable
    }

    public var outcome: Outcome
    public var steps: [RoutingStep]

    public var center: String? {
        if case .assigned(let center, _, _) = outcome { return center }
        return nil
    }
}

/// One rule that fired: a stable name for tools, and a sentence with the figures for people.
public struct RoutingStep: Sendable, Equatable, Codable, CustomStringConvertible {
    public var rule: String
    public var detail: String

    public init(_ rule: String, _ detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "\(rule): \(detail)" }
}
