/// The agents by id, with what routing and dispatch read after every command kept up to date: how
/// many are staffed per queue and who is ready at each center. With thousands of agents logged in,
/// a new contact then costs a lookup instead of a pass over all of them. Every write goes through
/// the subscript; `indexViolations` recounts for the invariants.
public struct AgentTable: Sendable {
    private var byID: [String: Agent] = [:]
    /// Agents logged in (ready, busy or in wrap-up) per center they serve and channel.
    private(set) var staffed: [ServiceKey: Int] = [:]
    /// Ready agents per center they serve.
    private(set) var readyAt: [String: Set<String>] = [:]
    /// Agents present (logged in, whatever they are doing) per center they serve: absence is
    /// nobody here, not nobody ready, since a saturated center is busy rather than abandoned.
    private(set) var presentAt: [String: Int] = [:]

    public init() {}

    public subscript(id: String) -> Agent? {
        get { byID[id] }
        set {
            let old = byID[id]
            byID[id] = newValue
            let before = old.map(Self.contribution)
            let after = newValue.map(Self.contribution)
            guard before != after else { return }
            if let old, let before { apply(before, of: old.id, sign: -1) }
            if let newValue, let after { apply(after, of: newValue.id, sign: 1) }
        }
    }

    public var values: Dictionary<String, Agent>.Values { byID.values }

    /// Agents present at `center`, and on one of its channels.
    public func present(at center: String) -> Int { presentAt[center] ?? 0 }
    public func present(at center: String, on channel: Channel) -> Int { staffed[ServiceKey(center: center, channel: channel)] ?? 0 }
    public var keys: Dictionary<String, Agent>.Keys { byID.keys }
    public var count: Int { byID.count }

    /// What one agent adds to the index.
    private struct Contribution: Equatable {
        var center: String
        var staffedOn: Set<Channel>
        var present: Bool
        var ready: Bool
    }

    private static func contribution(_ agent: Agent) -> Contribution {
        Contribution(
            center: agent.servingCenter, staffedOn: agent.state == .offline ? [] : agent.channels, present: agent.state != .offline,
            ready: agent.state == .ready)
    }

    private mutating func apply(_ contribution: Contribution, of id: String, sign: Int) {
        for channel in contribution.staffedOn {
            let key = ServiceKey(center: contribution.center, channel: channel)
            let count = (staffed[key] ?? 0) + sign
            staffed[key] = count == 0 ? nil : count
        }
        if contribution.present {
            let count = (presentAt[contribution.center] ?? 0) + sign
            presentAt[contribution.center] = count == 0 ? nil : count
        }
        guard contribution.ready else { return }
        if sign > 0 {
            readyAt[contribution.center, default: []].insert(id)
        } else {
            readyAt[contribution.center]?.remove(id)
            if readyAt[contribution.center]?.isEmpty == true { readyAt[contribution.center] = nil }
        }
    }

    /// The index rebuilt from the agents, compared with the one kept; empty when they agree.
    func indexViolations() -> [String] {
        var recount = AgentTable()
        for agent in byID.values { recount[agent.id] = agent }
        return recount.staffed == staffed && recount.readyAt == readyAt && recount.presentAt == presentAt
            ? [] : ["the agent index differs from a recount of \(byID.count) agents"]
    }
}

extension AgentTable: Equatable {
    /// The index follows from the agents.
    public static func == (lhs: AgentTable, rhs: AgentTable) -> Bool { lhs.byID == rhs.byID }
}

extension AgentTable: Codable {
    public init(from decoder: any Decoder) throws {
        let agents = try [String: Agent](from: decoder)
        self.init()
        guard agents.allSatisfy({ $0.key == $0.value.id }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an agent is stored under another id"))
        }
        for agent in agents.values { self[agent.id] = agent }
    }

    public func encode(to encoder: any Encoder) throws { try byID.encode(to: encoder) }
}
