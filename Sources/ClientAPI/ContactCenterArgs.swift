import ContactCenter

/// `contact.enqueue`: a customer reaches the bank; routing places the contact and says why.
public struct ContactEnqueueArgs: Sendable, Equatable, Codable {
    public var channel: Channel
    public var branch: String
    public var segment: Segment?
    /// Defaults to "general".
    public var skill: String?

    public init(channel: Channel, branch: String, segment: Segment? = nil, skill: String? = nil) {
        self.channel = channel
        self.branch = branch
        self.segment = segment
        self.skill = skill
    }
}

/// `contact.get`, `contact.complete`, and `route.explain` of a contact.
public struct ContactArgs: Sendable, Equatable, Codable {
    public var contactId: UInt64

    public init(contactId: UInt64) {
        self.contactId = contactId
    }
}

/// `contact.accept`: the agent takes the contact it was offered.
public struct ContactAcceptArgs: Sendable, Equatable, Codable {
    public var contactId: UInt64
    public var agent: String

    public init(contactId: UInt64, agent: String) {
        self.contactId = contactId
        self.agent = agent
    }
}

/// `contact.refuse`: `center`'s intake could not receive the contact sent to it from another
/// center's branch, so that route is broken and the next center of the plan takes its contacts.
public struct ContactRefuseArgs: Sendable, Equatable, Codable {
    public var contactId: UInt64
    public var center: String

    public init(contactId: UInt64, center: String) {
        self.contactId = contactId
        self.center = center
    }
}

/// `agent.login`: registers the agent at its center and makes it ready.
public struct AgentLoginArgs: Sendable, Equatable, Codable {
    public var agent: String
    public var center: String
    public var skills: [String]
    public var channels: [Channel]

    public init(agent: String, center: String, skills: [String], channels: [Channel]) {
        self.agent = agent
        self.center = center
        self.skills = skills
        self.channels = channels
    }
}

/// `agent.ready` and `agent.offline`.
public struct AgentArgs: Sendable, Equatable, Codable {
    public var agent: String

    public init(agent: String) {
        self.agent = agent
    }
}

/// `agent.lend` (to another center's queues, with extra skills, or both) and `agent.return` (with
/// `center` and `extraSkills` left out). `by` names who decided, beside the caller's key.
public struct AgentLendArgs: Sendable, Equatable, Codable {
    public var agent: String
    public var center: String?
    public var extraSkills: [String]?
    public var by: String?

    public init(agent: String, center: String? = nil, extraSkills: [String]? = nil, by: String? = nil) {
        self.agent = agent
        self.center = center
        self.extraSkills = extraSkills
        self.by = by
    }
}

/// `route.broken`: marks the backup route from `from`'s branches to `to` broken, or (`broken`
/// false) mended.
public struct RouteBrokenArgs: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var broken: Bool?

    public init(from: String, to: String, broken: Bool? = nil) {
        self.from = from
        self.to = to
        self.broken = broken
    }
}

/// `center.drain|undrain|blackout|restore`.
public struct CenterArgs: Sendable, Equatable, Codable {
    public var center: String

    public init(center: String) {
        self.center = center
    }
}

/// `route.explain`: a placed contact's recorded decision, or where a new contact from `branch` on
/// `channel` would go now (a dry run that changes nothing).
public struct RouteExplainArgs: Sendable, Equatable, Codable {
    public var contactId: UInt64?
    public var branch: String?
    public var channel: Channel?
    public var segment: Segment?

    public init(contactId: UInt64? = nil, branch: String? = nil, channel: Channel? = nil, segment: Segment? = nil) {
        self.contactId = contactId
        self.branch = branch
        self.channel = channel
        self.segment = segment
    }
}
