extension ContactCenterState {
    /// Offers waiting contacts to ready agents, center by center: priority first, then the longest
    /// waiting, each to the longest-ready agent with its channel and skill. Runs after every change,
    /// so it reads the state in one pass and returns at once when nobody is ready.
    mutating func dispatch() {
        var ready: [String: [Agent]] = [:]
        var readyChannels: [String: Set<Channel>] = [:]
        for agent in agents.values where agent.state == .ready {
            ready[agent.servingCenter, default: []].append(agent)
            readyChannels[agent.servingCenter, default: []].formUnion(agent.channels)
        }
        guard !ready.isEmpty else { return }
        var waiting: [String: [Waiting]] = [:]
        for contact in contacts.values where contact.state == .queued && readyChannels[contact.center]?.contains(contact.channel) == true {
            if centers[contact.center]?.serves(contact.channel) == true { waiting[contact.center, default: []].append(Waiting(contact)) }
        }
        for center in waiting.keys.sorted() {
            var available = (ready[center] ?? []).sorted { ($0.readySinceMs, $0.id) < ($1.readySinceMs, $1.id) }
            for contact in (waiting[center] ?? []).sorted(by: <) {
                guard let index = available.firstIndex(where: { $0.channels.contains(contact.channel) && $0.has(skill: contact.skill) }) else {
                    continue
                }
                offer(contact.id, to: available.remove(at: index))
                if available.isEmpty { break }
            }
        }
    }

    mutating func offer(_ contactID: UInt64, to agent: Agent) {
        countAvailable(agent)
        agents[agent.id]?.state = .busy
        agents[agent.id]?.contact = contactID
        contacts[contactID]?.state = .offered
        contacts[contactID]?.agent = agent.id
        contacts[contactID]?.offeredAtMs = clockMs
        events.append(.offered(contact: contactID, agent: agent.id))
    }
}

/// A queued contact as dispatch orders it: priority, then the longest waiting, then the id.
struct Waiting: Comparable {
    var rank: Int
    var enqueuedAtMs: Int64
    var id: UInt64
    var channel: Channel
    var skill: String

    init(_ contact: Contact) {
        rank = contact.segment.priorityRank
        enqueuedAtMs = contact.enqueuedAtMs
        id = contact.id
        channel = contact.channel
        skill = contact.skill
    }

    static func < (lhs: Waiting, rhs: Waiting) -> Bool {
        (lhs.rank, lhs.enqueuedAtMs, lhs.id) < (rhs.rank, rhs.enqueuedAtMs, rhs.id)
    }
}
