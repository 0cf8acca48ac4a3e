/// A queue: one center's contacts on one channel.
public struct ServiceKey: Sendable, Hashable, Comparable, Codable {
    public var center: String
    public var channel: Channel

    public init(center: String, channel: Channel) {
        self.center = center
        self.channel = channel
    }

    public static func < (lhs: ServiceKey, rhs: ServiceKey) -> Bool {
        (lhs.center, lhs.channel.rawValue) < (rhs.center, rhs.channel.rawValue)
    }
}

/// Running totals of one queue since the state began. Finished contacts end up only here once
/// their record is dropped, which is what keeps the state bounded. Sums saturate rather than trap.
public struct ServiceCounters: Sendable, Equatable, Codable {
    /// Contacts placed in this queue; a contact re-homed by a failover counts at each queue it joined.
    public var offered: Int64 = 0
    public var answered: Int64 = 0
    public var answeredWithinThreshold: Int64 = 0
    public var abandoned: Int64 = 0
    /// Wait of the answered contacts, from enqueue to accept.
    public var totalWaitMs: Int64 = 0
    /// Time in service plus wrap-up.
    public var handleMs: Int64 = 0

    public init() {}

    static func add(_ value: Int64, to sum: inout Int64) {
        let (result, overflow) = sum.addingReportingOverflow(max(0, value))
        sum = overflow ? .max : result
    }
}

/// Running totals of one center's agents, for occupancy.
public struct AgentTimeCounters: Sendable, Equatable, Codable {
    /// Time agents spent ready and idle.
    public var availableMs: Int64 = 0
    /// Time agents spent on contacts, including wrap-up.
    public var handleMs: Int64 = 0

    public init() {}
}

/// How many contacts ever entered the state and how each left it: the conservation check.
public struct ContactTotals: Sendable, Equatable, Codable {
    public var enqueued: Int64 = 0
    public var done: Int64 = 0
    public var abandoned: Int64 = 0
    /// Contacts in service at a center that went dark; each has a callback contact in `enqueued`.
    public var redirected: Int64 = 0
    public var callbacksCreated: Int64 = 0

    public init() {}
}
