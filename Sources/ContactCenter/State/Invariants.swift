/// One broken rule of the state, in words that say which contact or agent and why.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    public var detail: String

    public var description: String { "\(rule): \(detail)" }
}

extension ContactCenterState {
    /// Every rule the state must keep whatever the commands; empty when it does. Tests check it
    /// after every step; it reads the whole state, so it is not for the hot path.
    public func invariantViolations() -> [InvariantViolation] {
        var found: [InvariantViolation] = []
        func flag(_ rule: String, _ detail: String) { found.append(InvariantViolation(rule: rule, detail: detail)) }
        for violation in contacts.indexViolations() { flag("index", violation) }
        for contact in contacts.values {
            let id = contact.id
            if id >= nextContactID { flag("ids", "contact \(id) is beyond the next id \(nextContactID)") }
            guard contact.state.isLive else { flag("live", "contact \(id) is \(contact.state.rawValue) among the live"); continue }
            guard let runtime = centers[contact.center] else { flag("one-center", "contact \(id) is at unknown \(contact.center)"); continue }
            switch contact.state {
            case .queued:
                if contact.agent != nil { flag("queued", "contact \(id) is queued yet names agent \(contact.agent ?? "")") }
                if runtime.mustRehome(contact.channel), !contact.unroutable {
                    flag("no-dark-queue", "contact \(id) waits at \(contact.center), which is \(runtime.status.rawValue) for \(contact.channel.rawValue)")
                }
            case .offered, .inService:
                guard let agentID = contact.agent, let agent = agents[agentID] else {
                    flag("one-agent", "contact \(id) is \(contact.state.rawValue) without a known agent"); continue
                }
                if agent.contact != id || agent.state != .busy {
                    flag("one-agent", "contact \(id) names \(agentID), who is \(agent.state.rawValue) with \(agent.contact.map(String.init) ?? "nothing")")
                }
                if agent.servingCenter != contact.center {
                    flag("one-center", "contact \(id) is at \(contact.center) but its agent \(agentID) serves \(agent.servingCenter)")
                }
            case .done, .abandoned, .redirected: break
            }
        }
        for violation in agents.indexViolations() { flag("index", violation) }
        for agent in agents.values {
            let id = agent.id
            if let held = agent.contact {
                if contacts[held]?.agent != id { flag("one-agent", "agent \(id) holds \(held), which does not name it back") }
                if agent.state != .busy { flag("one-agent", "agent \(id) is \(agent.state.rawValue) yet holds \(held)") }
            } else if agent.state == .busy {
                flag("one-agent", "agent \(id) is busy with no contact")
            }
            if centers[agent.servingCenter]?.admitsAgents == false, agent.state != .offline {
                flag("dark-agents", "agent \(id) is \(agent.state.rawValue) at dark \(agent.servingCenter)")
            }
            if centers[agent.servingCenter]?.status == .dark, let held = agent.contact {
                flag("dark-agents", "agent \(id) holds contact \(held) at dark \(agent.servingCenter)")
            }
        }
        let ended = totals.done + totals.abandoned + totals.redirected
        if totals.enqueued != Int64(contacts.count) + ended {
            flag("conservation", "\(totals.enqueued) enqueued ≠ \(contacts.count) live + \(ended) ended")
        }
        if totals.redirected != totals.callbacksCreated {
            flag("callbacks", "\(totals.redirected) redirected but \(totals.callbacksCreated) callbacks")
        }
        var seen = Set<UInt64>()
        for contact in finished {
            if !seen.insert(contact.id).inserted || contact.id >= nextContactID { flag("ids", "finished contact \(contact.id) is recorded twice or beyond the counter") }
            if contacts[contact.id] != nil { flag("ids", "contact \(contact.id) is both live and finished") }
            if contact.state.isLive { flag("finished", "retained contact \(contact.id) is \(contact.state.rawValue)") }
            if contact.state == .redirected, contact.callback == nil { flag("callbacks", "redirected \(contact.id) has no callback") }
        }
        if finished.count > settings.maxRetainedContacts { flag("bounds", "\(finished.count) finished retained") }
        if contacts.count > settings.maxLiveContacts { flag("bounds", "\(contacts.count) live contacts") }
        if agents.count > settings.maxAgents { flag("bounds", "\(agents.count) agents") }
        let intervalStarts = Set(intervals.keys.map(\.startMs))
        if intervalStarts.count > settings.maxStatisticsIntervals { flag("bounds", "\(intervalStarts.count) statistics intervals") }
        // Walked in dictionary order for speed; sorted so every node reports alike.
        return found.sorted { $0.description < $1.description }
    }
}

extension ContactCenterState {
    /// Absence declared where someone is present: a `staff-absent` center with an agent logged in,
    /// or a `channel-unstaffed` channel with an agent on it. Read against the state a command left,
    /// with that command's events.
    public func falseAlarms(in events: [StateEvent]) -> [InvariantViolation] {
        events.compactMap { event in
            switch event {
            case .centerStatus(let center, _, .dark, .staffAbsent?) where agents.present(at: center) > 0:
                InvariantViolation(rule: "false-alarm", detail: "\(center) declared staff-absent with \(agents.present(at: center)) agents present")
            case .channelDark(let center, let channel) where agents.present(at: center, on: channel) > 0:
                InvariantViolation(rule: "false-alarm", detail: "\(center) declared unstaffed on \(channel.rawValue) with agents present on it")
            default: nil
            }
        }
    }

    /// A center with contacts queued and agents present, none of them ready: saturated, the case
    /// a readiness rule mistook for an abandoned center.
    public var hasSaturatedCenter: Bool {
        contacts.busyQueues.contains { key in
            agents.present(at: key.center) > 0 && agents.readyAt[key.center] == nil
                && contacts.waiting(key).contains { contacts[$0.id]?.state == .queued }
        }
    }
}
