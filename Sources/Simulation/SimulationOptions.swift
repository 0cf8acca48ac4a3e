import Consensus

/// Everything a run depends on; the same options replay the same run.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    public var nodeCount: Int
    /// Ticks of faults and load before the world heals.
    public var faultTicks: Int
    /// After healing, a leader must be elected and everything committed must be applied everywhere within this.
    public var livenessTicks: Int
    public var profile: FaultProfile
    public var profileName: String
    public var electionTimeoutTicks: Int = 10
    public var heartbeatIntervalTicks: Int = 2
    public var maxEntriesPerAppend: Int = 64
    /// Varied by seed, so that the seeds cover every combination the core supports.
    public var preVote: Bool
    public var checkQuorum: Bool
    public var commitNoticeTicks: Int
    public var preferredLeader: NodeID?
    public var plantedBug: PlantedBug?
    public var recordTimeline = false
    public var maxTimelineEvents = 10_000
    public var traceCapacity = 80

    public init(seed: UInt64, nodeCount: Int = 5, faultTicks: Int = 2_000, profileName: String = "chaos") {
        self.seed = seed
        self.nodeCount = nodeCount
        self.faultTicks = faultTicks
        self.livenessTicks = 600
        self.profileName = profileName
        self.profile = FaultProfile.named(profileName) ?? .chaos
        preVote = seed % 4 != 3
        checkQuorum = seed % 3 != 2
        commitNoticeTicks = Int((seed / 12) % 3)
    }

    /// Each node's core configuration.
    public func configuration(_ id: NodeID) -> RaftConfiguration {
        var configuration = RaftConfiguration(id: id)
        configuration.electionTimeoutTicks = electionTimeoutTicks
        configuration.heartbeatIntervalTicks = heartbeatIntervalTicks
        configuration.maxEntriesPerAppend = maxEntriesPerAppend
        configuration.maxInflightAppends = 8
        configuration.preVote = preVote
        configuration.checkQuorum = checkQuorum
        configuration.commitNoticeTicks = commitNoticeTicks
        configuration.preferredLeader = preferredLeader
        configuration.plantedBug = plantedBug
        return configuration
    }

    /// The one-line command that replays this run.
    public var replayCommand: String {
        var command = "swift run -c release clusterctl sim --seed \(seed) --nodes \(nodeCount) --ticks \(faultTicks) --profile \(profileName)"
        if let plantedBug { command += " --planted-bug \(plantedBug.rawValue)" }
        return command
    }
}
