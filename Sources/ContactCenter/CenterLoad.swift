/// What routing needs to know of one center when a contact arrives, as the replicated state has it.
public struct CenterLoad: Sendable, Equatable {
    public var status: CenterStatus
    /// Why it is dark or draining, or what it recovers from.
    public var reason: DarkReason?
    /// Channels this center cannot serve while staffed (nobody present on them for a window).
    public var darkChannels: Set<Channel>
    /// Channels outside their opening hours now.
    public var closedChannels: Set<Channel>
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
        status: CenterStatus = .up, reason: DarkReason? = nil, darkChannels: Set<Channel> = [], closedChannels: Set<Channel> = [], failbackStep: Int = 0, inHoldDown: Bool = false, waiting: [Channel: Int] = [:],
        oldestWaitMs: [Channel: Int] = [:], inService: [Channel: Int] = [:], staffedAgents: [Channel: Int] = [:]
    ) {
        self.status = status
        self.reason = reason
        self.darkChannels = darkChannels
        self.closedChannels = closedChannels
        self.failbackStep = failbackStep
        self.inHoldDown = inHoldDown
        self.waiting = waiting
        self.oldestWaitMs = oldestWaitMs
        self.inService = inService
        self.staffedAgents = staffedAgents
    }

    /// Takes new contacts of others' branches on this channel.
    func accepts(_ channel: Channel) -> Bool {
        status == .up && !darkChannels.contains(channel) && !closedChannels.contains(channel)
    }

    /// Serves its own branches on this channel (fully when up, in steps when recovering); when it
    /// is closed there, its after-hours rule decides.
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
    /// A break on evidence (a refusal, offers expiring) is probed from this time on, like a
    /// half-open circuit breaker; nil for an operator's mark, which stays until an operator mends it.
    public var probeFromMs: Int64?
}

/// Everything a routing decision reads; all of it replicated, so every node decides alike.
public struct RoutingSituation: Sendable, Equatable {
    public var topology: Topology
    public var loads: [String: CenterLoad]
    public var brokenRoutes: Set<BrokenRoute>
    /// Broken routes whose cool-down has passed: a share of their contacts probes them.
    public var probedRoutes: Set<BrokenRoute>
    public var probePercent: Int

    public init(
        topology: Topology, loads: [String: CenterLoad], brokenRoutes: Set<BrokenRoute> = [], probedRoutes: Set<BrokenRoute> = [],
        probePercent: Int = 10
    ) {
        self.topology = topology
        self.loads = loads
        self.brokenRoutes = brokenRoutes
        self.probedRoutes = probedRoutes
        self.probePercent = probePercent
    }

    func load(_ center: String) -> CenterLoad { loads[center] ?? CenterLoad() }

    /// Whether `contact` may travel from `home` to `center`: yes on a sound route; on a broken one
    /// only as one of the probes its cool-down allows. The step says which, when it matters.
    func routeCarries(_ contact: ContactRequest, from home: String, to center: String, steps: inout [RoutingStep]) -> Bool {
        let route = BrokenRoute(from: home, to: center)
        guard brokenRoutes.contains(route) else { return true }
        // Mixed apart from the failback bucket, so that probes and failback steps do not pick the same contacts.
        if probedRoutes.contains(route), Shares.bucket(contact.id ^ 0x9E37_79B9_7F4A_7C15, modulo: 100) < UInt64(probePercent) {
            steps.append(RoutingStep("probe", "the route \(home) → \(center) is broken and cooled down: this contact is one of the \(probePercent)% that probe it"))
            return true
        }
        steps.append(RoutingStep("broken-route", "the route \(home) → \(center) is broken (refused or unanswered): not sent there"))
        return false
    }

    /// Expected wait for a new contact on `channel` at `center`, in ms: (waiting + 1) × handle time ÷
    /// staffed agents (the estimate of CONTACT-CENTER.md). nil when no agent is staffed: unbounded.
    func expectedWaitMs(_ center: String, _ channel: Channel) -> Int? {
        let load = load(center)
        let staffed = load.staffedAgents[channel] ?? 0
        guard staffed > 0 else { return nil }
        let handleMs = topology.policy.averageHandleMs[channel] ?? 0
        return ((load.waiting[channel] ?? 0) + 1) * handleMs / staffed
    }

    /// Agents present for the channel beyond those its contacts already occupy or wait for; with
    /// `seats`, the topology's declared seats stand in for the agents present.
    func spareCapacity(_ center: String, _ channel: Channel, seats: Bool) -> Int {
        let load = load(center)
        let capacity = seats ? topology.center(center)?.agentCapacity[channel] ?? 0 : load.staffedAgents[channel] ?? 0
        return max(0, capacity - (load.waiting[channel] ?? 0) - (load.inService[channel] ?? 0))
    }
}
