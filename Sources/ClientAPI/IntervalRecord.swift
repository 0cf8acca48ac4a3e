import ContactCenter

/// One queue's ended contacts in one statistics interval (by enqueue time), with the figures a
/// report computes from them; rates are nil without a denominator.
public struct IntervalRecord: Sendable, Equatable, Codable {
    public var startMs: Int64
    public var center: String
    public var channel: Channel
    public var ended: Int64
    public var answered: Int64
    public var answeredWithinThreshold: Int64
    public var abandoned: Int64
    public var serviceLevel: Double?
    public var averageSpeedOfAnswerMs: Int64?
    public var averageHandleMs: Int64?
    public var abandonmentRate: Double?

    public init(_ key: IntervalKey, _ counter: ServiceCounters) {
        startMs = key.startMs
        center = key.center
        channel = key.channel
        ended = counter.offered
        answered = counter.answered
        answeredWithinThreshold = counter.answeredWithinThreshold
        abandoned = counter.abandoned
        serviceLevel = counter.answered > 0 ? Double(counter.answeredWithinThreshold) / Double(counter.answered) : nil
        averageSpeedOfAnswerMs = counter.answered > 0 ? counter.totalWaitMs / counter.answered : nil
        averageHandleMs = counter.answered > 0 ? counter.handleMs / counter.answered : nil
        abandonmentRate = counter.offered > 0 ? Double(counter.abandoned) / Double(counter.offered) : nil
    }
}

/// `center.stats`: the intervals from `fromMs` on, at most `intervals` of them, optionally of one
/// center or channel.
public struct CenterStatsArgs: Sendable, Equatable, Codable {
    public static let defaultIntervals = 4
    public static let maxIntervals = 96

    public var center: String?
    public var channel: Channel?
    public var fromMs: Int64?
    public var intervals: Int?

    public init(center: String? = nil, channel: Channel? = nil, fromMs: Int64? = nil, intervals: Int? = nil) {
        self.center = center
        self.channel = channel
        self.fromMs = fromMs
        self.intervals = intervals
    }
}

public struct IntervalPage: Sendable, Equatable, Codable {
    public var intervalMs: Int64
    /// By start, then center, then channel.
    public var records: [IntervalRecord]
    /// Pass as `fromMs` for the next page; absent when no later interval is kept.
    public var nextFromMs: Int64?

    public init(intervalMs: Int64, records: [IntervalRecord], nextFromMs: Int64?) {
        self.intervalMs = intervalMs
        self.records = records
        self.nextFromMs = nextFromMs
    }
}
