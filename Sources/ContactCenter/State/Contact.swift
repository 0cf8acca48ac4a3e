/// A customer contact and where it stands. The id is the state's own counter, never reused.
public struct Contact: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case queued
        /// Reserved for one agent until accepted or timed out.
        case offered
        case inService = "in-service"
        case done
        case abandoned
        /// Ended because its center went dark while it was in service; `callback` replaces it.
        case redirected

        public var isLive: Bool { self == .queued || self == .offered || self == .inService }
    }

    public var id: UInt64
    /// The channel it is served on; an SMS to a dark center becomes chat.
    public var channel: Channel
    /// The channel the customer used, when it differs from `channel`.
    public var originalChannel: Channel
    public var branch: String
    public var segment: Segment
    public var skill: String
    /// When the customer first asked; kept across re-homing so a failover never sends anyone to the back.
    public var enqueuedAtMs: Int64
    public var state: State = .queued
    public var center: String
    public var reason: AssignmentReason
    public var agent: String?
    public var offeredAtMs: Int64?
    public var answeredAtMs: Int64?
    public var endedAtMs: Int64?
    /// No center could take it: it waits where it is and routing is retried on every tick.
    public var unroutable: Bool = false
    /// The steps of its latest routing decision.
    public var explanation: [RoutingStep]
    /// For a callback: the redirected contact it replaces. For a redirected one: its callback.
    public var replaces: UInt64?
    public var callback: UInt64?

    public var key: ServiceKey { ServiceKey(center: center, channel: channel) }

    /// Re-homing order: oldest first, whatever the priority, as the failover rule says.
    static func olderThan(_ lhs: Contact, _ rhs: Contact) -> Bool {
        (lhs.enqueuedAtMs, lhs.id) < (rhs.enqueuedAtMs, rhs.id)
    }
}
