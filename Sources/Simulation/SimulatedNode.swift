import Consensus

/// One node of the simulation: what survives a crash (durable log and hard state, application
/// state) and what does not (the core in memory, persists still in progress on a slow disk).
public struct SimulatedNode: Sendable {
    public let id: NodeID
    public var configuration: RaftConfiguration
    /// Nil while crashed.
    public internal(set) var core: RaftNode?
    public internal(set) var durable: DurableState
    /// Persisted together with the applied index, as the real node does in one transaction.
    public internal(set) var stateMachine = StateMachine()
    /// Persists under way, oldest first; they complete in this order. The core goes on stepping
    /// input meanwhile, as the node's storage thread lets it.
    var persisting: [InFlightPersist] = []
    var restartAtTick: Int?
    var observedCommit: LogIndex = 0
    /// The highest commit index this node's current core has had, and its durable state's: neither
    /// may go back (the durable one not across restarts either).
    var lifeCommit: LogIndex = 0
    var durableCommit: LogIndex = 0
    /// The highest index its application has applied, across restarts.
    var highestApplied: LogIndex = 0
    var observedLeaderTerm: Term?
    /// The membership its core held when last observed.
    var observedMembership: Membership?
    var restarts: UInt64 = 0

    init(id: NodeID, configuration: RaftConfiguration, durable: DurableState) {
        self.id = id
        self.configuration = configuration
        self.durable = durable
    }

    public var isUp: Bool { core != nil }
}

/// A `Ready` whose persist is under way. `sentEarly` is nil unless its messages already went
/// before the persist; then it says whether the sender should reboot after a vote it granted.
struct InFlightPersist: Sendable {
    var ready: Ready
    var doneAtTick: Int
    var sentEarly: Bool?
}
