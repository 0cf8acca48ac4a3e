extension ContactCenterState {
    mutating func login(_ id: String, homeCenter: String, skills: [String], channels: [Channel]) -> Refusal? {
        if let problem = Self.identifierProblem(id, "agent id") { return problem }
        guard centers[homeCenter] != nil else { return .notFound("no center \(homeCenter)") }
        guard !skills.isEmpty, skills.count <= StateSettings.maxSkillsPerAgent else {
            return .invalid("an agent needs 1 to \(StateSettings.maxSkillsPerAgent) skills")
        }
        if let problem = skills.lazy.compactMap({ Self.identifierProblem($0, "skill") }).first { return problem }
        guard !channels.isEmpty else { return .invalid("an agent needs at least one channel") }
        if let known = agents[id], known.state != .offline { return .conflict("agent \(id) is already logged in (\(known.state.rawValue))") }
        guard agents[id] != nil || agents.count < settings.maxAgents else {
            return .conflict("the state holds \(settings.maxAgents) agents, the most it may")
        }
        var agent = agents[id] ?? Agent(id: id, homeCenter: homeCenter, skills: [], channels: [])
        guard centers[agent.lend?.toCenter ?? homeCenter]?.admitsAgents != false else {
            return .conflict("center \(agent.lend?.toCenter ?? homeCenter) is dark: agents cannot log in there")
        }
        agent.homeCenter = homeCenter
        agent.skills = Set(skills)
        agent.channels = Set(channels)
        agents[id] = agent
        becomeReady(id)
        return nil
    }

    /// Ready again after a break (offline) or after finishing a contact's wrap-up.
    mutating func ready(_ id: String) -> Refusal? {
        guard let agent = agents[id] else { return .notFound("no agent \(id)") }
        if agent.state == .wrapUp { return wrapUpDone(id) }
        guard agent.state == .offline else { return .conflict("agent \(id) is \(agent.state.rawValue), not offline or in wrap-up") }
        guard centers[agent.servingCenter]?.admitsAgents != false else {
            return .conflict("center \(agent.servingCenter) is dark: agents cannot be ready there")
        }
        becomeReady(id)
        return nil
    }

    mutating func offline(_ id: String) -> Refusal? {
        guard let agent = agents[id] else { return .notFound("no agent \(id)") }
        if let contact = agent.contact, contacts[contact]?.state == .inService {
            return .conflict("agent \(id) is serving contact \(contact): complete it first")
        }
        guard agent.state != .offline else { return .conflict("agent \(id) is already offline") }
        var situation = routingSituation()
        goOffline(id, in: &situation)
        return nil
    }

    mutating func wrapUpDone(_ id: String) -> Refusal? {
        guard let agent = agents[id] else { return .notFound("no agent \(id)") }
        guard agent.state == .wrapUp else { return .conflict("agent \(id) is \(agent.state.rawValue), not in wrap-up") }
        closeWrapUp(id)
        becomeReady(id)
        return nil
    }

    mutating func lend(_ id: String, to requested: String?, extraSkills: [String], by: String) -> Refusal? {
        guard let agent = agents[id] else { return .notFound("no agent \(id)") }
        let center = requested ?? agent.homeCenter
        guard let target = centers[center] else { return .notFound("no center \(center)") }
        if let problem = Self.identifierProblem(by, "operator") { return problem }
        guard extraSkills.count <= StateSettings.maxSkillsPerAgent else {
            return .invalid("at most \(StateSettings.maxSkillsPerAgent) extra skills")
        }
        if let problem = extraSkills.lazy.compactMap({ Self.identifierProblem($0, "skill") }).first { return problem }
        guard agent.contact == nil else { return .conflict("agent \(id) holds contact \(agent.contact ?? 0): lend it once that is done") }
        guard agent.lend == nil else { return .conflict("agent \(id) is already lent to \(agent.lend?.toCenter ?? "")") }
        guard center != agent.homeCenter || !extraSkills.isEmpty else { return .conflict("agent \(id) already serves \(center)") }
        guard target.admitsAgents || agent.state == .offline else { return .conflict("center \(center) is dark") }
        agents[id]?.lend = Lend(toCenter: center, extraSkills: Set(extraSkills), by: by, atMs: clockMs)
        record(.lent, of: id, to: center, extraSkills: extraSkills.sorted(), by: by)
        return nil
    }

    mutating func record(_ action: LendRecord.Action, of id: String, to center: String, extraSkills: [String], by: String) {
        guard var agent = agents[id] else { return }
        agent.lendRecords.append(LendRecord(action: action, toCenter: center, extraSkills: extraSkills, by: by, atMs: clockMs))
        if agent.lendRecords.count > Agent.maxLendRecords { agent.lendRecords.removeFirst() }
        agents[id] = agent
        events.append(.agentLend(agent: id, action: action, toCenter: center, by: by))
    }

    mutating func giveBack(_ id: String, by: String) -> Refusal? {
        guard let agent = agents[id] else { return .notFound("no agent \(id)") }
        guard agent.lend != nil else { return .conflict("agent \(id) is not lent") }
        if let problem = Self.identifierProblem(by, "operator") { return problem }
        guard agent.contact == nil else { return .conflict("agent \(id) holds contact \(agent.contact ?? 0): return it once that is done") }
        if agent.state != .offline, centers[agent.homeCenter]?.admitsAgents == false {
            var situation = routingSituation()
            goOffline(id, in: &situation)
        }
        agents[id]?.lend = nil
        record(.returned, of: id, to: agent.lend?.toCenter ?? agent.homeCenter, extraSkills: agent.lend?.extraSkills.sorted() ?? [], by: by)
        return nil
    }

    mutating func becomeReady(_ id: String) {
        agents[id]?.state = .ready
        agents[id]?.readySinceMs = clockMs
        notePresence(of: id)
        events.append(.agentState(agent: id, state: .ready))
    }

    /// The agent is present at this instant (arriving or leaving): absence at its center and on its
    /// channels counts from now at the earliest, not from the last clock entry.
    mutating func notePresence(of id: String) {
        guard let agent = agents[id], var runtime = centers[agent.servingCenter] else { return }
        runtime.lastPresentMs = clockMs
        for channel in agent.channels { runtime.lastPresentOnMs[channel] = clockMs }
        centers[agent.servingCenter] = runtime
    }

    /// Logs an agent off whatever it is doing, except serving (the caller ends that first): an
    /// offer goes back to the queue, idle and wrap-up time are counted.
    mutating func goOffline(_ id: String, in situation: inout RoutingSituation) {
        guard let agent = agents[id] else { return }
        switch agent.state {
        case .ready: countAvailable(agent)
        case .wrapUp: closeWrapUp(id)
        case .busy:
            if let contact = agent.contact {
                agents[id]?.contact = nil
                requeue(contact, in: &situation)
            }
        case .offline: return
        }
        notePresence(of: id)
        agents[id]?.state = .offline
        agents[id]?.contact = nil
        events.append(.agentState(agent: id, state: .offline))
    }

    mutating func countAvailable(_ agent: Agent) {
        ServiceCounters.add(clockMs - agent.readySinceMs, to: &agentTime[agent.servingCenter, default: AgentTimeCounters()].availableMs)
    }

    mutating func closeWrapUp(_ id: String) {
        guard let agent = agents[id], agent.state == .wrapUp else { return }
        if let key = agent.wrapUpFor { addHandle(clockMs - agent.wrapUpSinceMs, key: key) }
        agents[id]?.wrapUpFor = nil
    }
}
