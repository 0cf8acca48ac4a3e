/// The state's own limits and timings, beside the topology's routing policy. Every collection the
/// state holds is bounded by one of these, so that a replicated log of any length keeps it finite.
public struct StateSettings: Sendable, Equatable, Codable {
    /// Contacts queued, offered or in service at once; an enqueue beyond it is refused.
    public var maxLiveContacts: Int = 200_000
    /// Agents known to the state, logged in or not.
    public var maxAgents: Int = 20_000
    /// Finished contacts kept for audits; older ones survive only in the service counters.
    public var maxRetainedContacts: Int = 10_000
    /// Finished contacts are also dropped from the record once this old.
    public var retentionMs: Int64 = 24 * 3_600_000
    /// A channel with contacts waiting and no agent ready on it for this long is dark there.
    public var unattendedDarkAfterMs: Int64 = 120_000
    /// This many offers in a row of one center's contacts expiring unanswered at another break the
    /// route between them: the calls never reached the agents (4 February 2020).
    public var brokenRouteAfterExpiredOffers: Int = 3
    /// A recovering center takes nothing of its own back until this long without flapping.
    public var holdDownMs: Int64 = 60_000
    /// A flap doubles the hold-down, up to this.
    public var maxHoldDownMs: Int64 = 3_600_000
    /// Time between two failback steps once the hold-down has passed.
    public var failbackStepIntervalMs: Int64 = 60_000
    /// Ended contacts are folded into statistics per interval of this length (of their enqueue time).
    public var statisticsIntervalMs: Int64 = 900_000
    /// Intervals kept; older ones are dropped (7 days of 15 minutes by default).
    public var maxStatisticsIntervals: Int = 672
    /// The leader's clock must stay below this; larger stamps are refused rather than overflow sums.
    public var maxAtMs: Int64 = 1 << 50

    public static let maxIdentifierLength = 128
    public static let maxSkillsPerAgent = 32

    public init() {}
}

/// A topology file may leave out any setting; it takes the default.
extension StateSettings {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var settings = StateSettings()
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            value = try container.decodeIfPresent(T.self, forKey: key) ?? value
        }
        try read(.maxLiveContacts, into: &settings.maxLiveContacts)
        try read(.maxAgents, into: &settings.maxAgents)
        try read(.maxRetainedContacts, into: &settings.maxRetainedContacts)
        try read(.retentionMs, into: &settings.retentionMs)
        try read(.unattendedDarkAfterMs, into: &settings.unattendedDarkAfterMs)
        try read(.brokenRouteAfterExpiredOffers, into: &settings.brokenRouteAfterExpiredOffers)
        try read(.holdDownMs, into: &settings.holdDownMs)
        try read(.maxHoldDownMs, into: &settings.maxHoldDownMs)
        try read(.failbackStepIntervalMs, into: &settings.failbackStepIntervalMs)
        try read(.statisticsIntervalMs, into: &settings.statisticsIntervalMs)
        try read(.maxStatisticsIntervals, into: &settings.maxStatisticsIntervals)
        try read(.maxAtMs, into: &settings.maxAtMs)
        self = settings
    }

    /// What is wrong with these settings, each with its field; empty when they are usable.
    var problems: [TopologyProblem] {
        let ranges: [(String, Int64, ClosedRange<Int64>)] = [
            ("maxLiveContacts", Int64(maxLiveContacts), 1...1_000_000),
            ("maxAgents", Int64(maxAgents), 1...100_000),
            ("maxRetainedContacts", Int64(maxRetainedContacts), 0...1_000_000),
            ("retentionMs", retentionMs, 1...(366 * 86_400_000)),
            ("unattendedDarkAfterMs", unattendedDarkAfterMs, 1...86_400_000),
            ("brokenRouteAfterExpiredOffers", Int64(brokenRouteAfterExpiredOffers), 1...1_000),
            ("holdDownMs", holdDownMs, 1...86_400_000),
            // Clamped so that a wild hold-down makes a problem, not an invalid range.
            ("maxHoldDownMs", maxHoldDownMs, min(max(1, holdDownMs), 7 * 86_400_000)...(7 * 86_400_000)),
            ("failbackStepIntervalMs", failbackStepIntervalMs, 1...86_400_000),
            ("statisticsIntervalMs", statisticsIntervalMs, 60_000...86_400_000),
            ("maxStatisticsIntervals", Int64(maxStatisticsIntervals), 1...10_000),
            ("maxAtMs", maxAtMs, 1...(1 << 50)),
        ]
        return ranges.compactMap { field, value, range in
            range.contains(value) ? nil : TopologyProblem(field: "settings.\(field)", problem: "must be within \(range.lowerBound)...\(range.upperBound)")
        }
    }
}
