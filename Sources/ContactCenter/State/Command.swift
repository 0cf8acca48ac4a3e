/// A change to the contact-center state, as the leader commits it. The time of the change is not
/// part of it: `apply(_:atMs:)` takes the leader's stamp, so replaying the log replays the clock.
public enum Command: Sendable, Equatable, Codable {
    case enqueue(channel: Channel, branch: String, segment: Segment, skill: String)
    /// Registers the agent (or updates an offline one) and makes it ready.
    case agentLogin(agent: String, homeCenter: String, skills: [String], channels: [Channel])
    case agentReady(agent: String)
    /// Logs the agent off; refused while it serves a contact, an offer it holds goes back to the queue.
    case agentOffline(agent: String)
    case agentWrapUpDone(agent: String)
    case accept(contact: UInt64, agent: String)
    case complete(contact: UInt64)
    case centerDrain(center: String)
    case centerUndrain(center: String)
    case centerBlackout(center: String)
    case centerRestore(center: String)
    /// What the leader commits when it detects a dark or answering node.
    case setCenterStatus(center: String, status: CenterStatus)
    /// `to` refused or stopped answering `from`'s overflow (`broken`), or takes it again.
    case routeBroken(from: String, to: String, broken: Bool)
    /// `center`'s intake could not receive `contact`, sent there from another center's branch: the
    /// route from that center is broken (4 February 2020, when the main center "could not receive
    /// Wuhan's overflow calls") and the next center of the plan takes its contacts.
    case intakeRefused(contact: UInt64, center: String)
    /// Lends the agent to `toCenter`'s queues (nil: it stays at home) and gives it `extraSkills`.
    case agentLend(agent: String, toCenter: String?, extraSkills: [String], by: String)
    case agentReturn(agent: String, by: String)
    /// Settings and routing-policy figures changed on a running network, contacts live (an SRE
    /// tunes a detection window during an incident, not after it).
    case updateSettings(SettingsChange)
    /// A new topology for a running network (a reweighted plan, a new center): agents, contacts and
    /// figures stay. Refused while a center it drops still holds contacts or agents.
    case changeTopology(Topology)
    /// The leader's periodic clock entry: timeouts, patience, detection and failback steps.
    case tick
}

public enum CommandOutcome: Sendable, Equatable {
    case applied(Applied)
    /// Nothing changed; the refusal says why.
    case refused(Refusal)

    public var isApplied: Bool {
        if case .applied = self { return true }
        return false
    }

    public var applied: Applied? {
        if case .applied(let applied) = self { return applied }
        return nil
    }
}

/// What an applied command did.
public struct Applied: Sendable, Equatable {
    /// The contact an `enqueue` created.
    public var contact: UInt64?
    public var events: [StateEvent]
}

/// One consequence of a command, in the order it happened; enough for a store to know which rows
/// changed and for an operator to read what happened.
public enum StateEvent: Sendable, Equatable {
    case placed(contact: UInt64, center: String, channel: Channel, reason: AssignmentReason)
    case unroutable(contact: UInt64, at: String)
    case offered(contact: UInt64, agent: String)
    case offerExpired(contact: UInt64, agent: String)
    case answered(contact: UInt64, agent: String)
    case completed(contact: UInt64)
    case abandoned(contact: UInt64)
    case redirected(contact: UInt64, callback: UInt64)
    case centerStatus(center: String, from: CenterStatus, to: CenterStatus, reason: DarkReason?)
    case channelDark(center: String, channel: Channel)
    case channelRecovered(center: String, channel: Channel)
    case failbackStep(center: String, percent: Int)
    /// Too few agents stayed present at a center recovering from staff-absent: its hold-down starts over.
    case failbackRestarted(center: String, presentAgents: Int)
    case routeBroken(from: String, to: String, why: String)
    case routeMended(from: String, to: String, why: String)
    /// A probe of a broken route expired unanswered: the route stays broken, its cool-down restarts.
    case routeProbeFailed(from: String, to: String)
    case settingsChanged(names: [String])
    case agentState(agent: String, state: Agent.State)
    case agentLend(agent: String, action: LendRecord.Action, toCenter: String, by: String)
    case topologyChanged(centers: Int)
}
