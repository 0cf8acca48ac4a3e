/// The bounds beyond which a node calls itself unhealthy.
public struct HealthPolicy: Sendable, Equatable {
    /// Committed but unapplied entries tolerated; more means reads from this node are noticeably stale.
    public var maxApplyLagEntries: UInt64
    /// Silence from the leader tolerated; pass a few election timeouts, so that only a leader that
    /// should already have been replaced makes followers unhealthy.
    public var maxLeaderSilenceMilliseconds: UInt64

    public init(maxApplyLagEntries: UInt64 = 10_000, maxLeaderSilenceMilliseconds: UInt64 = 3_000) {
        self.maxApplyLagEntries = maxApplyLagEntries
        self.maxLeaderSilenceMilliseconds = maxLeaderSilenceMilliseconds
    }
}
