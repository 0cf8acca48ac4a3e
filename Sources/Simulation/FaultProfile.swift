/// How hostile the simulated world is. Probabilities are per tick unless named otherwise.
public struct FaultProfile: Sendable, Equatable {
    public var dropRate: Double = 0
    public var duplicateRate: Double = 0
    /// Every message takes between these many ticks; a wide range reorders.
    public var minDelayTicks: Int = 1
    public var maxDelayTicks: Int = 1
    /// Whether one link's messages may overtake each other. Off, a link is FIFO like a TCP
    /// connection, and the reordering is only between links.
    public var reorderWithinLink = false
    public var crashRate: Double = 0
    /// A share of crashes aimed at the leader (the Figure 8 dance needs leaders to die often).
    public var leaderCrashShare: Double = 0.3
    public var maxDownTicks: Int = 60
    public var partitionRate: Double = 0
    /// After a node grants a vote, the chance that it is killed and restarted at once (a targeted
    /// crash point: the vote must survive it).
    public var rebootAfterVoteRate: Double = 0
    /// A share of partitions that block one direction only.
    public var asymmetricPartitionShare: Double = 0.3
    /// A share of partitions that cut the leader off alone (it keeps taking proposals it cannot commit).
    public var leaderIsolationShare: Double = 0.2
    public var maxPartitionTicks: Int = 80
    /// A share of persists that take extra ticks (a slow disk); a crash meanwhile loses them.
    public var slowDiskRate: Double = 0
    public var maxDiskTicks: Int = 4
    /// A share of the Readys whose messages went before their persist (a leader's appends) after
    /// which the node dies before the persist: its followers hold entries it lost.
    public var crashBeforePersistRate: Double = 0
    public var transferRate: Double = 0
    /// The leader is asked to change the membership: add a new node as a learner, promote one,
    /// remove a follower or itself (never below three voters), whether or not a change is pending.
    public var membershipRate: Double = 0
    /// Nodes a run may add beyond those it started with.
    public var maxAddedNodes: Int = 2
    public var proposalRate: Double = 0.5
    public var readRate: Double = 0.05
    /// Each node snapshots and compacts once this many entries are applied past its snapshot.
    public var compactEveryEntries: Int = 40

    public init() {}

    /// A perfect network and no faults.
    public static let reliable = FaultProfile()

    /// Everything at once: the CI seeds run this.
    public static let chaos: FaultProfile = {
        var profile = FaultProfile()
        profile.dropRate = 0.05
        profile.duplicateRate = 0.02
        profile.maxDelayTicks = 4
        profile.reorderWithinLink = true
        profile.crashRate = 0.008
        profile.partitionRate = 0.01
        profile.slowDiskRate = 0.1
        profile.crashBeforePersistRate = 0.005
        profile.transferRate = 0.002
        profile.membershipRate = 0.004
        return profile
    }()

    /// Network faults only: drops, duplicates, long reordering.
    public static let unreliable: FaultProfile = {
        var profile = FaultProfile()
        profile.dropRate = 0.1
        profile.duplicateRate = 0.05
        profile.maxDelayTicks = 8
        profile.reorderWithinLink = true
        return profile
    }()

    /// Leaders crash and come back fast while clients keep proposing: the Figure 8 scenario at random.
    public static let storm: FaultProfile = {
        var profile = FaultProfile()
        profile.dropRate = 0.02
        profile.maxDelayTicks = 3
        profile.reorderWithinLink = true
        profile.crashRate = 0.03
        profile.leaderCrashShare = 0.7
        profile.maxDownTicks = 20
        profile.partitionRate = 0.005
        profile.slowDiskRate = 0.2
        profile.maxDiskTicks = 6
        profile.crashBeforePersistRate = 0.02
        profile.proposalRate = 0.3
        profile.rebootAfterVoteRate = 0.3
        profile.membershipRate = 0.004
        return profile
    }()

    /// Leaders die within moments of being elected, clients propose sparsely: the paper's Figure 8.
    public static let figure8: FaultProfile = {
        var profile = FaultProfile()
        profile.maxDelayTicks = 2
        profile.crashRate = 0.05
        profile.leaderCrashShare = 0.9
        profile.maxDownTicks = 10
        profile.partitionRate = 0.03
        profile.leaderIsolationShare = 0.8
        profile.maxPartitionTicks = 30
        profile.proposalRate = 0.1
        profile.readRate = 0.05
        return profile
    }()

    public static let names = ["reliable", "unreliable", "chaos", "storm", "figure8"]

    public static func named(_ name: String) -> FaultProfile? {
        switch name {
        case "reliable": .reliable
        case "unreliable": .unreliable
        case "chaos": .chaos
        case "storm": .storm
        case "figure8": .figure8
        default: nil
        }
    }
}
