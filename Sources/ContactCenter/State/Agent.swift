/// An agent as the state holds it. Skills and channels are sets for lookup only: anything that
/// iterates them sorts first, since set order differs between processes.
public struct Agent: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case offline
        case ready
        /// Holding a contact, offered or in service (`contact` says which).
        case busy
        case wrapUp = "wrap-up"
    }

    public var id: String
    public var homeCenter: String
    public var skills: Set<String>
    public var channels: Set<Channel>
    public var state: State = .offline
    /// When the agent last became ready: the longest-ready agent gets the next offer.
    public var readySinceMs: Int64 = 0
    /// The contact offered to or served by this agent.
    public var contact: UInt64?
    /// When the current wrap-up began, to count it as handle time.
    public var wrapUpSinceMs: Int64 = 0
    /// The center and channel whose handle time the wrap-up adds to.
    public var wrapUpFor: ServiceKey?
    /// Set while the agent is lent to another center or given extra skills (2020's remote shifts).
    public var lend: Lend?
    /// The latest lends and returns, oldest first, at most `maxLendRecords`: who did what, and when.
    public var lendRecords: [LendRecord] = []

    public static let maxLendRecords = 16

    public init(id: String, homeCenter: String, skills: Set<String>, channels: Set<Channel>) {
        self.id = id
        self.homeCenter = homeCenter
        self.skills = skills
        self.channels = channels
    }

    /// The center whose queues the agent serves now.
    public var servingCenter: String { lend?.toCenter ?? homeCenter }

    public func has(skill: String) -> Bool { skills.contains(skill) || lend?.extraSkills.contains(skill) == true }
}

/// A temporary change to an agent, reversible by `agentReturn`, with who made it and when.
public struct Lend: Sendable, Equatable, Codable {
    public var toCenter: String
    public var extraSkills: Set<String>
    public var by: String
    public var atMs: Int64
}

/// One line of an agent's lending record.
public struct LendRecord: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Equatable, Codable {
        case lent
        case returned
    }

    public var action: Action
    public var toCenter: String
    public var extraSkills: [String]
    public var by: String
    public var atMs: Int64
}
