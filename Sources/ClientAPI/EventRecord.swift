/// One decision the cluster committed, as `events.list` shows it: the log index that carried it,
/// the proposing leader's clock, what kind of decision, the center it concerns, and who or what
/// caused it.
public struct EventRecord: Sendable, Equatable, Codable {
    /// The log index of the entry whose apply made the decision; several events may share one.
    public var index: UInt64
    /// The leader's clock when it proposed the entry, in milliseconds since 1970. A membership
    /// change carries no clock: it shows the time of the decision recorded before it.
    public var atMs: Int64
    public var kind: EventKind
    public var center: String?
    /// The decision as an operator reads it ("center wuhan up → dark (staff-absent)").
    public var text: String
    /// Who asked for it ("admin:Ab3dE..." for an operator, "system" for the leader's own clock
    /// and detectors, "raft" for an election or a membership change).
    public var cause: String

    public init(index: UInt64, atMs: Int64, kind: EventKind, center: String?, text: String, cause: String) {
        self.index = index
        self.atMs = atMs
        self.kind = kind
        self.center = center
        self.text = text
        self.cause = cause
    }
}

public enum EventKind: String, Sendable, Equatable, Codable, CaseIterable {
    case leaderElected = "leader-elected"
    case membershipChanged = "membership-changed"
    case topologyLoaded = "topology-loaded"
    case topologyChanged = "topology-changed"
    case settingsChanged = "settings-changed"
    /// A center's status moved (up, draining, dark, recovering), with its reason: a dark center's
    /// traffic is rerouted by its plan from that index on.
    case centerStatus = "center-status"
    case channelDark = "channel-dark"
    case channelRecovered = "channel-recovered"
    case failbackStep = "failback-step"
    case failbackRestarted = "failback-restarted"
    case routeBroken = "route-broken"
    case routeMended = "route-mended"
    case routeProbeFailed = "route-probe-failed"
    case agentLent = "agent-lent"
    case agentReturned = "agent-returned"
    /// A leaving center's active tickets given new owners, with how many went where.
    case ticketsMoved = "tickets-moved"
    /// Tickets back at their home center once it is up.
    case ticketsReturned = "tickets-returned"
    /// A drill's start, abort and end, as the drill tool reports them (`drill.mark`).
    case drillStarted = "drill-started"
    case drillAborted = "drill-aborted"
    case drillFinished = "drill-finished"
}

/// `events.list`: the event history after a log index, oldest first.
public struct EventListArgs: Sendable, Equatable, Codable {
    /// How many events the cluster keeps: the newest this many.
    public static let retainedEvents = 100_000
    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    /// Only events of entries after this index (the previous page's `lastIndex`); from the oldest kept when absent.
    public var afterIndex: UInt64?
    /// Only events that concern this center.
    public var center: String?
    /// Only events at or after this time (the leader's clock, milliseconds since 1970).
    public var sinceMs: Int64?
    /// At most this many events (1–`maxLimit`, default `defaultLimit`), rounded up to the end of
    /// the last entry's events so that `lastIndex` never splits an entry.
    public var limit: Int?

    public init(afterIndex: UInt64? = nil, center: String? = nil, sinceMs: Int64? = nil, limit: Int? = nil) {
        self.afterIndex = afterIndex
        self.center = center
        self.sinceMs = sinceMs
        self.limit = limit
    }
}

public struct EventPage: Sendable, Equatable, Codable {
    public var events: [EventRecord]
    /// Pass as `afterIndex` to read on (or to follow: ask again later); the `afterIndex` asked for
    /// when the page is empty.
    public var lastIndex: UInt64
    /// True when the page is full and more events may follow at once.
    public var more: Bool

    public init(events: [EventRecord], lastIndex: UInt64, more: Bool) {
        self.events = events
        self.lastIndex = lastIndex
        self.more = more
    }
}
