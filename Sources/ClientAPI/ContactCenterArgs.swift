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
