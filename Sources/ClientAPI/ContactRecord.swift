import ContactCenter

/// A contact as the API shows it, with the rules of its latest routing decision.
public struct ContactRecord: Sendable, Equatable, Codable {
    public var id: UInt64
    public var channel: Channel
    public var originalChannel: Channel
    public var branch: String
    public var segment: Segment
    public var skill: String
    public var enqueuedAtMs: Int64
    public var state: Contact.State
    public var center: String
    public var reason: AssignmentReason
    public var agent: String?
    public var offeredAtMs: Int64?
    public var answeredAtMs: Int64?
    public var endedAtMs: Int64?
    public var unroutable: Bool
    public var explanation: [RoutingStep]
    public var replaces: UInt64?
    public var callback: UInt64?

    public init(_ contact: Contact) {
        id = contact.id
        channel = contact.channel
        originalChannel = contact.originalChannel
        branch = contact.branch
        segment = contact.segment
        skill = contact.skill
        enqueuedAtMs = contact.enqueuedAtMs
        state = contact.state
        center = contact.center
        reason = contact.reason
        agent = contact.agent
        offeredAtMs = contact.offeredAtMs
        answeredAtMs = contact.answeredAtMs
        endedAtMs = contact.endedAtMs
        unroutable = contact.unroutable
        explanation = contact.explanation
        replaces = contact.replaces
        callback = contact.callback
    }
}
