/// The knobs of one core. Every queue and window has a limit here; times are in ticks,
/// an abstract unit the shell maps to wall time.
public struct RaftConfiguration: Sendable, Equatable {
    public var id: NodeID
    /// A follower waits between this and twice this without a leader before it campaigns.
    public var electionTimeoutTicks: Int = 10
    public var heartbeatIntervalTicks: Int = 1
    /// Followers hear of a new commit index by a notice every this many ticks (like hashicorp/raft's
    /// CommitTimeout), not with every append: a write then costs each follower one append and one
    /// answer, and followers apply in batches, off the write path. A follower whose forwarded writes
    /// commit is told at once. 0: every append carries the commit index and each commit is sent to
    /// every follower at once, as etcd does.
    public var commitNoticeTicks: Int = 0
    public var preVote: Bool = true
    /// A leader that has not heard from a quorum within an election timeout steps down, and a
    /// voter that heard from a leader within one ignores vote requests (leader stickiness).
    public var checkQuorum: Bool = true
    /// A follower hands proposals to the leader instead of refusing them.
    public var forwardProposals: Bool = true
    public var maxEntriesPerAppend: Int = 512
    public var maxBytesPerAppend: Int = 1 << 20
    /// Append messages in flight to one follower in the replicate state.
    public var maxInflightAppends: Int = 64
    /// Proposals refused past this many entries appended but not committed.
    public var maxUncommittedEntries: Int = 16_384
    public var maxPendingReads: Int = 4_096
    /// Committed entries handed to the application in one `Ready`.
    public var maxEntriesPerApply: Int = 4_096
    /// A learner is promoted only when it lags the leader by at most this many entries.
    public var maxPromotionLagEntries: Int = 256
    /// The main center: it becomes leader whenever it is a healthy, caught-up voter.
    public var preferredLeader: NodeID?
    /// Check-quorum windows the preferred leader must have been heard in before leadership returns to it.
    public var preferredLeaderStableWindows: Int = 2
    /// Test only: makes the core deliberately unsafe, to prove the simulator catches it.
    public var plantedBug: PlantedBug?

    public init(id: NodeID) {
        self.id = id
    }

    /// Every problem with this configuration, each naming the field; empty when valid.
    public var problems: [ConfigurationProblem] {
        var found: [ConfigurationProblem] = []
        func flag(_ field: String, _ problem: String) {
            found.append(ConfigurationProblem(field: field, problem: problem))
        }
        if id == 0 { flag("id", "must not be 0") }
        if electionTimeoutTicks < 2 { flag("electionTimeoutTicks", "must be at least 2") }
        if heartbeatIntervalTicks < 1 || heartbeatIntervalTicks >= electionTimeoutTicks {
            flag("heartbeatIntervalTicks", "must be at least 1 and below electionTimeoutTicks")
        }
        if commitNoticeTicks < 0 || commitNoticeTicks >= electionTimeoutTicks {
            flag("commitNoticeTicks", "must be at least 0 and below electionTimeoutTicks")
        }
        for (name, value) in [
            ("maxEntriesPerAppend", maxEntriesPerAppend), ("maxBytesPerAppend", maxBytesPerAppend),
            ("maxInflightAppends", maxInflightAppends), ("maxUncommittedEntries", maxUncommittedEntries),
            ("maxPendingReads", maxPendingReads), ("maxEntriesPerApply", maxEntriesPerApply),
            ("preferredLeaderStableWindows", preferredLeaderStableWindows),
        ] where value < 1 {
            flag(name, "must be at least 1")
        }
        return found
    }
}

/// One thing wrong with a configuration: the field it is in, and what is wrong with it.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

/// Deliberate safety bugs. The simulator must catch each one; a test proves it does.
public enum PlantedBug: String, Sendable, CaseIterable {
    case grantTwoVotesInOneTerm
    case forgetVoteOnRestart
    case commitEarlierTermByCounting
    case skipAppendConsistencyCheck
    case applyBeforeCommit
    case leaderCommitsAlone
    /// Lets every node, not only a leader, send before it persists: a follower acknowledges
    /// entries a crash can still take from it.
    case acknowledgeBeforePersist
    /// The leader counts its new entries toward a quorum as soon as it appends them, not once its
    /// shell reports them durable: with its persist still under way, a quorum of one follower and
    /// the leader's memory commits an entry that a crash of the leader can still take away.
    case leaderCountsUnpersistedEntries
    /// A leader proposes a membership change while another is still uncommitted: two single-server
    /// changes in flight, whose old and new majorities need not overlap.
    case twoMembershipChangesInFlight
}
