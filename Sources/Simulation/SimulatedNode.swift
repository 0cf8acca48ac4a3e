import Consensus

/// One node of the simulation: what survives a crash (durable log and hard state, application
/// state) and what does not (the core in memory, a persist still in progress on a slow disk).
public struct SimulatedNode: Sendable {
    public let id: NodeID
    public var configuration: RaftConfiguration
    /// Nil while crashed.
    public internal(set) var core: RaftNode?
    public internal(set) var durable: DurableState
    /// Persisted together with the applied index, as the real node does in one transaction.
    public internal(set) var stateMachine = StateMachine()
    var pendingReady: (ready: Ready, doneAtTick: Int)?
    var restartAtTick: Int?
    var observedCommit: LogIndex = 0
    var observedLeaderTerm: Term?
    var restarts: UInt64 = 0

    init(id: NodeID, configuration: RaftConfiguration, durable: DurableState) {
        self.id = id
        self.configuration = configuration
        self.durable = durable
    }

    public var isUp: Bool { core != nil }
}
