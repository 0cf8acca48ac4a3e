/// The state's own limits and timings, beside the topology's routing policy. Every collection the
/// state holds is bounded by one of these, so that a replicated log of any length keeps it finite.
/// `fields` lists each with its range and meaning: decoding, checking, `settings.update` and the
/// settings page of docs/API.md all follow that one table.
public struct StateSettings: Sendable, Equatable, Codable {
    public var maxLiveContacts: Int = 200_000
    public var maxAgents: Int = 20_000
    public var maxRetainedContacts: Int = 10_000
    public var retentionMs: Int64 = 24 * 3_600_000
    /// 30 s: a whole center with nobody logged in is never a lull (a saturated center still has
    /// its agents present), and agents cut off by a desktop or login blip are back within seconds;
    /// each further second of a real absence leaves its callers ringing where nobody answers.
    public var staffAbsentDarkAfterMs: Int64 = 30_000
    /// Longer than the center's: one channel unstaffed is more often a scheduling gap than an
    /// outage, and overflow serves its queue meanwhile.
    public var channelUnstaffedDarkAfterMs: Int64 = 60_000
    public var failbackMinPresentAgents: Int = 2
    public var brokenRouteAfterExpiredOffers: Int = 3
    public var brokenRouteMinSpanMs: Int64 = 30_000
    public var brokenRouteProbeAfterMs: Int64 = 120_000
    public var brokenRouteProbePercent: Int = 10
    public var holdDownMs: Int64 = 60_000
    public var maxHoldDownMs: Int64 = 3_600_000
    public var failbackStepIntervalMs: Int64 = 60_000
    public var statisticsIntervalMs: Int64 = 900_000
    public var maxStatisticsIntervals: Int = 672
    public var maxAtMs: Int64 = 1 << 50

    public static let maxIdentifierLength = 128
    public static let maxSkillsPerAgent = 32

    public init() {}

    /// One setting: its name in files and `settings.update`, its range, and what it means.
    public struct Field: Sendable {
        public let name: String
        public let range: ClosedRange<Int64>
        public let meaning: String
        let read: @Sendable (StateSettings) -> Int64
        let write: @Sendable (inout StateSettings, Int64) -> Void

        static func int(_ name: String, _ path: WritableKeyPath<StateSettings, Int> & Sendable, _ range: ClosedRange<Int64>, _ meaning: String) -> Field {
            Field(name: name, range: range, meaning: meaning, read: { Int64($0[keyPath: path]) }, write: { $0[keyPath: path] = Int($1) })
        }

        static func ms(_ name: String, _ path: WritableKeyPath<StateSettings, Int64> & Sendable, _ range: ClosedRange<Int64>, _ meaning: String) -> Field {
            Field(name: name, range: range, meaning: meaning, read: { $0[keyPath: path] }, write: { $0[keyPath: path] = $1 })
        }
    }

    static let day: Int64 = 86_400_000

    public static let fields: [Field] = [
        .int("maxLiveContacts", \.maxLiveContacts, 1...1_000_000, "Contacts queued, offered or in service at once; an enqueue beyond it is refused."),
        .int("maxAgents", \.maxAgents, 1...100_000, "Agents the state knows, logged in or not."),
        .int("maxRetainedContacts", \.maxRetainedContacts, 0...1_000_000, "Finished contacts kept for audits; older ones live on only in the counters."),
        .ms("retentionMs", \.retentionMs, 1...(366 * day), "Finished contacts are also dropped from the record once this old."),
        .ms("staffAbsentDarkAfterMs", \.staffAbsentDarkAfterMs, 1_000...day,
            "Inside its opening hours, a center where no agent has been present (logged in: ready, offered, serving or in wrap-up) for this long is dark, reason staff-absent."),
        .ms("channelUnstaffedDarkAfterMs", \.channelUnstaffedDarkAfterMs, 1_000...day,
            "Inside the channel's hours, a channel of a staffed center with nobody present on it for this long (after someone was, or while contacts wait on it) is dark there, reason channel-unstaffed."),
        .int("failbackMinPresentAgents", \.failbackMinPresentAgents, 1...10_000,
            "A center dark for staff-absent is recovering once this many agents are present, and its failback steps on only while that many stay; fewer sends it back to the start of its hold-down."),
        .int("brokenRouteAfterExpiredOffers", \.brokenRouteAfterExpiredOffers, 1...1_000,
            "Offers of one center's contacts that expire unanswered at another, each at a different agent, before the route between them breaks."),
        .ms("brokenRouteMinSpanMs", \.brokenRouteMinSpanMs, 0...day,
            "Those expired offers must also span at least this long, so that one stalled client cannot break a route."),
        .ms("brokenRouteProbeAfterMs", \.brokenRouteProbeAfterMs, 1_000...day,
            "An automatically broken route is probed again this long after it broke or after its last probe failed."),
        .int("brokenRouteProbePercent", \.brokenRouteProbePercent, 1...100,
            "While probed, this share of the contacts the route would carry is sent over it; one answered there mends the route."),
        .ms("holdDownMs", \.holdDownMs, 1...day, "A recovering center takes nothing of its own back until this long without flapping."),
        .ms("maxHoldDownMs", \.maxHoldDownMs, 1...(7 * day), "A flap (dark again while recovering) doubles the hold-down, up to this."),
        .ms("failbackStepIntervalMs", \.failbackStepIntervalMs, 1...day, "Time between two failback steps once the hold-down has passed."),
        .ms("statisticsIntervalMs", \.statisticsIntervalMs, 60_000...day, "Ended contacts are counted per interval of this length of their enqueue time."),
        .int("maxStatisticsIntervals", \.maxStatisticsIntervals, 1...10_000, "Statistics intervals kept; older ones are dropped (7 days of 15 minutes by default)."),
        .ms("maxAtMs", \.maxAtMs, 1...(1 << 50), "The leader's clock must stay below this; larger stamps are refused rather than overflow sums."),
    ]

    public static func field(named name: String) -> Field? { fields.first { $0.name == name } }

    public func value(of field: Field) -> Int64 { field.read(self) }

    public mutating func set(_ field: Field, to value: Int64) { field.write(&self, value) }

    /// What is wrong with these settings, each with its field; empty when they are usable.
    var problems: [TopologyProblem] {
        var found = Self.fields.compactMap { field -> TopologyProblem? in
            let value = field.read(self)
            return field.range.contains(value)
                ? nil
                : TopologyProblem(field: "settings.\(field.name)", problem: "must be within \(field.range.lowerBound)...\(field.range.upperBound)")
        }
        if maxHoldDownMs < holdDownMs {
            found.append(TopologyProblem(field: "settings.maxHoldDownMs", problem: "must be at least holdDownMs (\(holdDownMs))"))
        }
        return found
    }
}

/// A topology file may leave out any setting; it takes the default. A name that is no setting is
/// an error that names it, since a typo silently running on the default is worse.
extension StateSettings {
    /// A setting's name as a JSON key, for the objects that list settings by name.
    public struct Name: CodingKey, Sendable {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        var settings = StateSettings()
        for key in container.allKeys {
            guard let field = Self.field(named: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "settings.\(key.stringValue) is no setting")
            }
            settings.set(field, to: try container.decode(Int64.self, forKey: key))
        }
        self = settings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for field in Self.fields { try container.encode(field.read(self), forKey: Name(stringValue: field.name)) }
    }
}
