import ContactCenter

/// One center's committed status and its figures per channel, for `center.status` and
/// `cluster.status`.
public struct CenterStatusRecord: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var status: CenterStatus
    public var statusSinceMs: Int64
    /// Channels dark while the node is healthy (nobody ready while contacts waited), sorted.
    public var darkChannels: [Channel]
    /// While recovering: the share of its own traffic it has taken back, in percent.
    public var failbackPercent: Int?
    public var holdDownMs: Int64
    public var flaps: Int
    /// Centers that refused or did not answer this center's overflow, sorted.
    public var brokenRoutesTo: [String]
    public var channels: [Channel: ServiceFiguresRecord]
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

    public init(_ figures: ServiceFigures) {
        queueLength = figures.queueLength
        oldestWaitMs = figures.oldestWaitMs
        inService = figures.inService
        serviceLevel = figures.serviceLevel
        averageSpeedOfAnswerMs = figures.averageSpeedOfAnswerMs
        abandonmentRate = figures.abandonmentRate
        occupancy = figures.occupancy
        trafficShare = figures.trafficShare
    }
}
