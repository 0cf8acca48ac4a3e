/// How the node maps the core's ticks to wall time.
///
/// WAN (the default): a 50 ms tick, heartbeats every 100 ms (about two round trips between
/// cities) and an election timeout of 1–2 s, so that a slow link does not look like a dead
/// leader. Local clusters on loopback: a 10 ms tick, heartbeats every 50 ms and an election
/// timeout of 500 ms–1 s, the same figures etcd's failover is measured with.
public struct Timing: Sendable, Equatable, Codable {
    public var tickMs: Int
    public var heartbeatIntervalTicks: Int
    public var electionTimeoutTicks: Int
    /// Followers hear of the commit index by a notice every this many ticks and apply in batches
    /// (0: with every append, and at once: two more messages per follower per write).
    public var commitNoticeTicks: Int = 1
    /// The leader declares a center dark once every node of it has been silent this long, and
    /// recovering once one is heard again. Longer than an election, so that a leader change or a
    /// slow link is not taken for a blackout.
    public var centerSilentDarkAfterMs: Int

    public init(tickMs: Int, heartbeatIntervalTicks: Int, electionTimeoutTicks: Int, centerSilentDarkAfterMs: Int) {
        self.tickMs = tickMs
        self.heartbeatIntervalTicks = heartbeatIntervalTicks
        self.electionTimeoutTicks = electionTimeoutTicks
        self.centerSilentDarkAfterMs = centerSilentDarkAfterMs
    }

    public static let wan = Timing(tickMs: 50, heartbeatIntervalTicks: 2, electionTimeoutTicks: 20, centerSilentDarkAfterMs: 5_000)
    public static let local = Timing(tickMs: 10, heartbeatIntervalTicks: 5, electionTimeoutTicks: 50, centerSilentDarkAfterMs: 2_000)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Timing.wan
        tickMs = try container.decodeIfPresent(Int.self, forKey: .tickMs) ?? defaults.tickMs
        heartbeatIntervalTicks =
            try container.decodeIfPresent(Int.self, forKey: .heartbeatIntervalTicks) ?? defaults.heartbeatIntervalTicks
        electionTimeoutTicks =
            try container.decodeIfPresent(Int.self, forKey: .electionTimeoutTicks) ?? defaults.electionTimeoutTicks
        centerSilentDarkAfterMs =
            try container.decodeIfPresent(Int.self, forKey: .centerSilentDarkAfterMs) ?? defaults.centerSilentDarkAfterMs
        commitNoticeTicks = try container.decodeIfPresent(Int.self, forKey: .commitNoticeTicks) ?? defaults.commitNoticeTicks
    }
}

/// The node's bounds on what it accepts and holds.
public struct Limits: Sendable, Equatable, Codable {
    /// Larger frames from peers or clients are counted, logged and dropped.
    public var maxFrameBytes: Int = 16 << 20
    /// Client requests waiting for commit or for a read; past it the node answers "busy".
    public var maxPendingRequests: Int = 10_000
    /// A request not answered in this time gets a clear error (for example "no_quorum").
    public var requestTimeoutMs: Int = 5_000
    public var maxInflightAppends: Int = 64
    public var maxEntriesPerAppend: Int = 512
    /// The node compacts its log once this many entries were applied since the last snapshot
    /// (etcd's default); a follower further behind than the log reaches catches up by snapshot.
    /// Compaction copies nothing: only a snapshot sent to a follower copies the whole state (263 MiB
    /// and about 3 s of a core at a million tickets).
    public var snapshotEveryEntries: Int = 100_000
    /// ...or once the entries applied since then carry this many bytes: the log held in memory
    /// stays bounded whatever the entries' size.
    public var snapshotEveryBytes: Int = 64 << 20

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Limits()
        maxFrameBytes = try container.decodeIfPresent(Int.self, forKey: .maxFrameBytes) ?? defaults.maxFrameBytes
        maxPendingRequests =
            try container.decodeIfPresent(Int.self, forKey: .maxPendingRequests) ?? defaults.maxPendingRequests
        requestTimeoutMs = try container.decodeIfPresent(Int.self, forKey: .requestTimeoutMs) ?? defaults.requestTimeoutMs
        maxInflightAppends =
            try container.decodeIfPresent(Int.self, forKey: .maxInflightAppends) ?? defaults.maxInflightAppends
        maxEntriesPerAppend =
            try container.decodeIfPresent(Int.self, forKey: .maxEntriesPerAppend) ?? defaults.maxEntriesPerAppend
        snapshotEveryEntries =
            try container.decodeIfPresent(Int.self, forKey: .snapshotEveryEntries) ?? defaults.snapshotEveryEntries
        snapshotEveryBytes =
            try container.decodeIfPresent(Int.self, forKey: .snapshotEveryBytes) ?? defaults.snapshotEveryBytes
    }
}
