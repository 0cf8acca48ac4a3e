/// The replicated contact-center state: centers, agents and contacts, changed only by committed
/// `Command`s. Pure and deterministic: no clock (time arrives as the leader's `atMs`), no randomness,
/// no I/O, and no iteration over a dictionary or set without sorting first, so every node that
/// applies the same log holds the same state. `Codable` so that a node can checkpoint it: decode
/// only what this program encoded, and check `invariantViolations()` before trusting it.
public struct ContactCenterState: Sendable, Equatable, Codable {
    public internal(set) var topology: Topology
    public internal(set) var settings: StateSettings
    public internal(set) var centers: [String: CenterRuntime]
    public internal(set) var agents: AgentTable
    /// Live contacts: queued, offered or in service.
    public internal(set) var contacts: ContactTable
    /// Finished contacts kept for audits, oldest finish first; bounded by the settings.
    public internal(set) var finished: [Contact] = []
    public internal(set) var counters: [ServiceKey: ServiceCounters] = [:]
    public internal(set) var agentTime: [String: AgentTimeCounters] = [:]
    /// Ended contacts by interval of their enqueue time, center and channel; the record that
    /// outlives `finished`, bounded by `settings.maxStatisticsIntervals`.
    public internal(set) var intervals: [IntervalKey: ServiceCounters] = [:]
    var newestIntervalStartMs: Int64 = 0
    public internal(set) var totals = ContactTotals()
    /// Backup routes that failed, with why and since when.
    public internal(set) var brokenRoutes: [BrokenRoute: RouteBreak] = [:]
    /// Offers of one center's contacts that expired unanswered at another since one was last
    /// answered there, by route: the evidence an automatic break needs.
    var unansweredOffers: [BrokenRoute: UnansweredOffers] = [:]
    /// The id the next contact gets; ids only grow.
    public internal(set) var nextContactID: UInt64 = 1
    /// Bumped by every change of where contacts may go (statuses, dark channels, routes): contacts
    /// no center could take are routed again only when it moved.
    public internal(set) var networkVersion: UInt64 = 0
    var unroutableRetriedAt: UInt64 = 0
    /// The latest leader stamp applied: time in the state never runs backwards.
    public internal(set) var clockMs: Int64 = 0
    /// What the command being applied did; handed out with its outcome.
    var events: [StateEvent] = []

    /// Everything but `events`, which is empty between commands.
    private enum CodingKeys: String, CodingKey {
        case topology, settings, centers, agents, contacts, finished, counters, agentTime, intervals, newestIntervalStartMs
        case totals, brokenRoutes, unansweredOffers
        case nextContactID, networkVersion, unroutableRetriedAt, clockMs
    }

    /// `settings` overrides the topology's own, which override the defaults.
    public init(topology: Topology, settings: StateSettings? = nil) throws(StateError) {
        let problems = topology.problems
        guard problems.isEmpty else { throw StateError.invalidTopology(problems) }
        self.topology = topology
        let chosen = settings ?? topology.settings ?? StateSettings()
        self.settings = chosen
        centers = Dictionary(uniqueKeysWithValues: topology.centers.map { ($0.id, CenterRuntime(holdDownMs: chosen.holdDownMs)) })
        agents = AgentTable()
        contacts = ContactTable()
    }

    /// A live or retained contact.
    public func contact(_ id: UInt64) -> Contact? {
        contacts[id] ?? finished.last { $0.id == id }
    }

    public var policy: RoutingPolicy { topology.policy }

    public mutating func apply(_ command: Command, atMs: Int64) -> CommandOutcome {
        guard (0...settings.maxAtMs).contains(atMs) else {
            return .refused(.invalid("the leader's time \(atMs) ms is outside 0...\(settings.maxAtMs) ms"))
        }
        let previousClockMs = clockMs
        clockMs = max(clockMs, atMs)
        events = []
        var created: UInt64?
        let refusal: Refusal?
        switch command {
        case .enqueue(let channel, let branch, let segment, let skill):
            switch enqueue(channel: channel, branch: branch, segment: segment, skill: skill) {
            case .success(let id): created = id; refusal = nil
            case .failure(let refused): refusal = refused
            }
        case .agentLogin(let agent, let homeCenter, let skills, let channels):
            refusal = login(agent, homeCenter: homeCenter, skills: skills, channels: channels)
        case .agentReady(let agent): refusal = ready(agent)
        case .agentOffline(let agent): refusal = offline(agent)
        case .agentWrapUpDone(let agent): refusal = wrapUpDone(agent)
        case .accept(let contact, let agent): refusal = accept(contact, by: agent)
        case .complete(let contact): refusal = complete(contact)
        case .centerDrain(let center): refusal = operatorChange(center, to: .draining, allowedFrom: [.up, .recovering])
        case .centerUndrain(let center): refusal = operatorChange(center, to: .recovering, allowedFrom: [.draining])
        case .centerBlackout(let center): refusal = operatorChange(center, to: .dark, allowedFrom: [.up, .draining, .recovering])
        case .centerRestore(let center): refusal = operatorChange(center, to: .recovering, allowedFrom: [.dark])
        case .setCenterStatus(let center, let status): refusal = detectedChange(center, to: status)
        case .routeBroken(let from, let to, let broken):
            refusal = setRoute(from: from, to: to, broken: broken, why: broken ? "an operator marked it broken" : "an operator mended it")
        case .intakeRefused(let contact, let center): refusal = intakeRefused(contact, at: center)
        case .agentLend(let agent, let toCenter, let extraSkills, let by):
            refusal = lend(agent, to: toCenter, extraSkills: extraSkills, by: by)
        case .agentReturn(let agent, let by): refusal = giveBack(agent, by: by)
        case .changeTopology(let topology): refusal = change(to: topology)
        case .updateSettings(let change): refusal = update(change)
        case .tick: tick(); refusal = nil
        }
        if let refusal {
            events = []
            clockMs = previousClockMs
            return .refused(refusal)
        }
        dispatch()
        defer { events = [] }
        return .applied(Applied(contact: created, events: events))
    }
}

public enum StateError: Error, Sendable, Equatable {
    case invalidTopology([TopologyProblem])
}

/// Why a command changed nothing, in terms an operator can act on, and which kind of no it is.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// It names an agent, center, branch or contact the state never had.
        case notFound
        /// The command itself is malformed (an empty name, too many skills).
        case invalid
        /// The state forbids it as it stands (a dark center, an agent already logged in, a full
        /// state). Not retryable under the same request id: the refusal is its recorded answer.
        case conflict
    }

    public var kind: Kind
    public var message: String

    public static func notFound(_ message: String) -> Refusal { Refusal(kind: .notFound, message: message) }
    public static func invalid(_ message: String) -> Refusal { Refusal(kind: .invalid, message: message) }
    public static func conflict(_ message: String) -> Refusal { Refusal(kind: .conflict, message: message) }

    public var description: String { message }
}
