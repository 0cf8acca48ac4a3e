extension ContactCenterState {
    /// Offers waiting contacts to ready agents, center by center: priority first, then the longest
    /// waiting, each to the longest-ready agent with its channel and skill. Runs after every change,
    /// so it reads the state in one pass and returns at once when nobody is ready.
    mutating func dispatch() {
        var ready: [String: [Agent]] = [:]
        var readyChannels: [String: Set<Channel>] = [:]
        for (center, ids) in agents.readyAt {
            for agent in ids.compactMap({ agents[$0] }) {
                ready[center, default: []].append(agent)
                readyChannels[center, default: []].formUnion(agent.channels)
            }
        }
        for center in ready.keys.sorted() {
            guard let runtime = centers[center] else { continue }
            let lines = (readyChannels[center] ?? []).filter(runtime.serves).sorted { $0.rawValue < $1.rawValue }
                .map { contacts.waiting(ServiceKey(center: center, channel: $0)) }
            var available = (ready[center] ?? []).sorted { ($0.readySinceMs, $0.id) < ($1.readySinceMs, $1.id) }
            var next = Array(repeating: 0, count: lines.count)
            // The queues of the center's channels merged in priority order, until nobody is ready.
            while !available.isEmpty {
                guard let line = lines.indices.filter({ next[$0] < lines[$0].count }).min(by: { lines[$0][next[$0]] < lines[$1][next[$1]] }) else {
                    break
                }
                let place = lines[line][next[line]]
                next[line] += 1
                guard let contact = contacts[place.id], contact.state == .queued,
                    let index = available.firstIndex(where: { $0.channels.contains(contact.channel) && $0.has(skill: contact.skill) })
                else { continue }
                offer(contact.id, to: available.remove(at: index))
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
