/// What routing needs to know of one center when a contact arrives, as the replicated state has it.
public struct CenterLoad: Sendable, Equatable {
    public var status: CenterStatus
    /// Channels this center cannot serve while its node is healthy (no agent ready for a window).
    public var darkChannels: Set<Channel>
    /// While `recovering`: the step of `RoutingPolicy.failbackStepsPercent` it has reached.
    public var failbackStep: Int
    /// While `recovering`: still waiting out the hold-down, so none of its own traffic returns yet.
    public var inHoldDown: Bool
    public var waiting: [Channel: Int]
    public var oldestWaitMs: [Channel: Int]
    public var inService: [Channel: Int]
    /// Agents logged in on the channel (ready, busy or in wrap-up).
    public var staffedAgents: [Channel: Int]

    public init(
        status: CenterStatus = .up, darkChannels: Set<Channel> = [], failbackStep: Int = 0, inHoldDown: Bool = false, waiting: [Channel: Int] = [:],
        oldestWaitMs: [Channel: Int] = [:], inService: [Channel: Int] = [:], staffedAgents: [Channel: Int] = [:]
    ) {
        self.status = status
        self.darkChannels = darkChannels
        self.failbackStep = failbackStep
        self.inHoldDown = inHoldDown
        self.waiting = waiting
        self.oldestWaitMs = oldestWaitMs
        self.inService = inService
        self.staffedAgents = staffedAgents
    }

    /// Takes new contacts of others' branches on this channel.
    func accepts(_ channel: Channel) -> Bool { status == .up && !darkChannels.contains(channel) }

    /// Serves its own branches on this channel (fully when up, in steps when recovering).
    func servesOwn(_ channel: Channel) -> Bool {
        (status == .up || status == .recovering) && !darkChannels.contains(channel)
    }
}

/// A backup route that failed: `to` refused or did not answer overflow from `from` (4 February 2020).
public struct BrokenRoute: Sendable, Hashable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// Why a route is broken and since when, for status to show an operator.
public struct RouteBreak: Sendable, Equatable, Codable {
    public var why: String
    public var sinceMs: Int64
}

/// Everything a routing decision reads; all of it replicated, so every node decides alike.
public struct RoutingSituation: Sendable, Equatable {
    public var topology: Topology
    public var loads: [String: CenterLoad]
    public var brokenRoutes: Set<BrokenRoute>

    public init(topology: Topology, loads: [String: CenterLoad], brokenRoutes: Set<BrokenRoute> = []) {
        self.topology = topology
        self.loads = loads
        self.brokenRoutes = brokenRoutes
    }

    func load(_ center: String) -> CenterLoad { loads[center] ?? CenterLoad() }

    /// Expected wait for a new contact on `channel` at `center`, in ms: (waiting + 1) × handle time ÷
    /// staffed agents (the estimate of CONTACT-CENTER.md). nil when no agent is staffed: unbounded.
    func expectedWaitMs(_ center: String, _ channel: Channel) -> Int? {
        let load = load(center)
        let staffed = load.staffedAgents[channel] ?? 0
        guard staffed > 0 else { return nil }
        let handleMs = topology.policy.averageHandleMs[channel] ?? 0
        return ((load.waiting[channel] ?? 0) + 1) * handleMs / staffed
    }

    /// Agents the center has for the channel beyond those its contacts already occupy or wait for.
    func spareCapacity(_ center: String, _ channel: Channel) -> Int {
        let load = load(center)
        let capacity = topology.center(center)?.agentCapacity[channel] ?? 0
        return max(0, capacity - (load.waiting[channel] ?? 0) - (load.inService[channel] ?? 0))
    }
}
