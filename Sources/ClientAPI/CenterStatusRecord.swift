import ContactCenter

/// One center's committed status and its figures per channel, for `center.status` and
/// `cluster.status`.
public struct CenterStatusRecord: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var status: CenterStatus
    public var statusSinceMs: Int64
    /// Why it is dark or draining; while recovering, what it recovers from; absent when up.
    public var reason: DarkReason?
    /// Agents logged in at it (ready, offered, serving or in wrap-up): what presence counts.
    public var presentAgents: Int
    /// Channels dark while the center itself is staffed (nobody present on them inside their hours), sorted.
    public var darkChannels: [Channel]
    /// Each of those with its reason and since when.
    public var darkChannelReasons: [Channel: ChannelDark]
    /// Channels outside their opening hours now (the leader's clock), sorted: their contacts follow `afterHours`.
    public var closedChannels: [Channel]
    public var afterHours: AfterHoursRule
    /// The share of its own traffic the center takes now, in percent: 100 while up, the failback's
    /// step while recovering (0 during its hold-down), 0 while dark or draining.
    public var failbackPercent: Int
    public var holdDownMs: Int64
    public var flaps: Int
    /// Centers that refused or did not answer this center's overflow, sorted.
    public var brokenRoutesTo: [String]
    /// Why each of those routes broke, by the center it led to ("chengdu's intake refused contact 12 from wuhan").
    public var brokenRouteReasons: [String: String]
    public var channels: [Channel: ServiceFiguresRecord]

    public init(
        id: String, name: String, status: CenterStatus, statusSinceMs: Int64, reason: DarkReason? = nil, presentAgents: Int = 0,
        darkChannelsSinceMs: [Channel: Int64] = [:], closedChannels: [Channel] = [], afterHours: AfterHoursRule = .plan,
        failbackPercent: Int = 100, holdDownMs: Int64, flaps: Int = 0, brokenRoutesTo: [String] = [],
        brokenRouteReasons: [String: String] = [:], channels: [Channel: ServiceFiguresRecord]
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.statusSinceMs = statusSinceMs
        self.reason = reason
        self.presentAgents = presentAgents
        self.darkChannels = darkChannelsSinceMs.keys.sorted { $0.rawValue < $1.rawValue }
        self.darkChannelReasons = darkChannelsSinceMs.mapValues { ChannelDark(sinceMs: $0) }
        self.closedChannels = closedChannels
        self.afterHours = afterHours
        self.failbackPercent = failbackPercent
        self.holdDownMs = holdDownMs
        self.flaps = flaps
        self.brokenRoutesTo = brokenRoutesTo
        self.brokenRouteReasons = brokenRouteReasons
        self.channels = channels
    }
}

/// One channel dark on its own. Its reason is always `channel-unstaffed`; it is spelled out so that
/// a reader needs no rule to know why.
public struct ChannelDark: Sendable, Equatable, Codable {
    public static let unstaffed = "channel-unstaffed"

    public var reason: String
    public var sinceMs: Int64

    public init(reason: String = Self.unstaffed, sinceMs: Int64) {
        self.reason = reason
        self.sinceMs = sinceMs
    }
}

/// `ServiceFigures` as JSON; the definitions are those of `ServiceFigures`.
public struct ServiceFiguresRecord: Sendable, Equatable, Codable {
    public var queueLength: Int
    public var oldestWaitMs: Int64
    public var inService: Int
    public var serviceLevel: Double?
    public var averageSpeedOfAnswerMs: Int64?
    public var abandonmentRate: Double?
    public var occupancy: Double?
    public var trafficShare: Double?

    public init(
        queueLength: Int = 0, oldestWaitMs: Int64 = 0, inService: Int = 0, serviceLevel: Double? = nil,
        averageSpeedOfAnswerMs: Int64? = nil, abandonmentRate: Double? = nil, occupancy: Double? = nil,
        trafficShare: Double? = nil
    ) {
        self.queueLength = queueLength
        self.oldestWaitMs = oldestWaitMs
        self.inService = inService
        self.serviceLevel = serviceLevel
        self.averageSpeedOfAnswerMs = averageSpeedOfAnswerMs
        self.abandonmentRate = abandonmentRate
        self.occupancy = occupancy
        self.trafficShare = trafficShare
    }

    public init(_ figures: ServiceFigures) {
        self.init(
            queueLength: figures.queueLength, oldestWaitMs: figures.oldestWaitMs, inService: figures.inService,
            serviceLevel: figures.serviceLevel, averageSpeedOfAnswerMs: figures.averageSpeedOfAnswerMs,
            abandonmentRate: figures.abandonmentRate, occupancy: figures.occupancy, trafficShare: figures.trafficShare)
    }

    /// Nothing waits, nothing is in service and nothing was ever offered here: a row of zeros an
    /// operator can skip.
    public var isIdle: Bool { queueLength == 0 && inService == 0 && abandonmentRate == nil }
}
