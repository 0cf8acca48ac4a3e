import ContactCenter

/// A dry-run routing decision: where a new contact would go now, and the rules that sent it there.
public struct RouteExplanation: Sendable, Equatable, Codable {
    public var branch: String
    public var requestedChannel: Channel
    /// nil when no center can take it.
    public var center: String?
    public var channel: Channel?
    public var reason: AssignmentReason?
    public var steps: [RoutingStep]

    public init(
        branch: String, requestedChannel: Channel, center: String? = nil, channel: Channel? = nil,
        reason: AssignmentReason? = nil, steps: [RoutingStep]
    ) {
        self.branch = branch
        self.requestedChannel = requestedChannel
        self.center = center
        self.channel = channel
        self.reason = reason
        self.steps = steps
    }
}
