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
    /// A recovering center takes nothing of its own back until this long without flapping.
    public var holdDownMs: Int64 = 60_000
    /// A flap doubles the hold-down, up to this.
    public var maxHoldDownMs: Int64 = 3_600_000
    /// Time between two failback steps once the hold-down has passed.
    public var failbackStepIntervalMs: Int64 = 60_000
    /// The leader's clock must stay below this; larger stamps are refused rather than overflow sums.
    public var maxAtMs: Int64 = 1 << 50

    public static let maxIdentifierLength = 128
    public static let maxSkillsPerAgent = 32

    public init() {}
}
