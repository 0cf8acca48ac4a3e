import ContactCenter

/// An agent as the API shows it: where it belongs, where it serves now, and who lent it.
public struct AgentRecord: Sendable, Equatable, Codable {
    public var id: String
    public var homeCenter: String
    /// The center whose queues it serves: its home, or the center it is lent to.
    public var servingCenter: String
    /// Sorted, its own skills first, then those lent with it.
    public var skills: [String]
    public var extraSkills: [String]
    public var channels: [Channel]
    public var state: Agent.State
    public var contact: UInt64?
    public var lend: Lend?
    /// The latest lends and returns, oldest first: who did what, and when.
    public var lendRecords: [LendRecord]

    public init(_ agent: Agent) {
        id = agent.id
        homeCenter = agent.homeCenter
        servingCenter = agent.servingCenter
        skills = agent.skills.sorted()
        extraSkills = agent.lend?.extraSkills.sorted() ?? []
        channels = agent.channels.sorted { $0.rawValue < $1.rawValue }
        state = agent.state
        contact = agent.contact
        lend = agent.lend
        lendRecords = agent.lendRecords
    }
}

/// `agent.list`: agents by id, optionally those serving one center or in one state.
public struct AgentListArgs: Sendable, Equatable, Codable {
    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    public var center: String?
    public var state: Agent.State?
    public var afterId: String?
    public var limit: Int?

    public init(center: String? = nil, state: Agent.State? = nil, afterId: String? = nil, limit: Int? = nil) {
        self.center = center
        self.state = state
        self.afterId = afterId
        self.limit = limit
    }
}

public struct AgentPage: Sendable, Equatable, Codable {
    public var agents: [AgentRecord]
    public var nextAfterId: String?

    public init(agents: [AgentRecord], nextAfterId: String?) {
        self.agents = agents
        self.nextAfterId = nextAfterId
    }
}
