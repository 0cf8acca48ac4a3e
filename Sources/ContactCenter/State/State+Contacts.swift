extension ContactCenterState {
    mutating func enqueue(channel: Channel, branch: String, segment: Segment, skill: String) -> Result<UInt64, Refusal> {
        guard let home = topology.homeCenter(of: branch) else {
            return .failure(.notFound("no center serves branch \(branch)"))
        }
        if let problem = Self.identifierProblem(skill, "skill") { return .failure(problem) }
        guard contacts.count < settings.maxLiveContacts else {
            return .failure(.conflict("\(contacts.count) contacts are live, the most the state holds: try again shortly"))
        }
        var situation = routingSituation()
        let id = newContact(channel: channel, branch: branch, segment: segment, skill: skill, at: home.id)
        route(id, in: &situation, moving: false)
        return .success(id)
    }

    /// A contact queued at `center` before routing; counted as enqueued from here on.
    mutating func newContact(channel: Channel, branch: String, segment: Segment, skill: String, at center: String) -> UInt64 {
        let id = nextContactID
        nextContactID += 1
        totals.enqueued += 1
        contacts[id] = Contact(
            id: id, channel: channel, originalChannel: channel, branch: branch, segment: segment, skill: skill,
            enqueuedAtMs: clockMs, center: center, reason: .home, explanation: [])
        return id
    }

    /// Routes a queued contact and places it: where the router says, or flagged unroutable where it
    /// is. `moving` marks a contact leaving its center (failover), so its reason says so. Placing
    /// adds to `situation`, so a batch of re-homed contacts spreads by the loads it creates.
    mutating func route(_ id: UInt64, in situation: inout RoutingSituation, moving: Bool) {
        guard var contact = contacts[id] else { return }
        let request = ContactRequest(id: id, channel: contact.channel, branch: contact.branch, segment: contact.segment)
        let decision = Router.route(request, in: situation)
        contact.explanation = decision.steps
        // A center that cannot serve the channel is no destination, whatever the decision says.
        guard case .assigned(let center, let channel, var reason) = decision.outcome, centers[center]?.mustRehome(channel) == false else {
            let flagged = !contact.unroutable
            contact.unroutable = true
            contacts[id] = contact
            if flagged { events.append(.unroutable(contact: id, at: contact.center)) }
            return
        }
        let arrives = !moving || center != contact.center || channel != contact.channel
        if moving, reason != .redirect, reason != .afterHours { reason = .failover }
        if arrives { situation.loads[center]?.waiting[channel, default: 0] += 1 }
        contact.center = center
        contact.channel = channel
        contact.reason = reason
        contact.unroutable = false
        contacts[id] = contact
        guard arrives else { return }
        counters[contact.key, default: ServiceCounters()].offered += 1
        events.append(.placed(contact: id, center: center, channel: channel, reason: reason))
    }

    mutating func accept(_ id: UInt64, by agentID: String) -> Refusal? {
        guard let contact = contacts[id] else { return notLive(id) }
        guard contact.state == .offered, contact.agent == agentID else {
            return .conflict("contact \(id) is \(contact.state.rawValue) and not offered to \(agentID)")
        }
        let waitedMs = clockMs - contact.enqueuedAtMs
        contacts[id]?.state = .inService
        contacts[id]?.answeredAtMs = clockMs
        var counter = counters[contact.key, default: ServiceCounters()]
        counter.answered += 1
        if waitedMs <= Int64(policy.serviceLevelThresholdMs) { counter.answeredWithinThreshold += 1 }
        ServiceCounters.add(waitedMs, to: &counter.totalWaitMs)
        counters[contact.key] = counter
        if let home = topology.homeCenter(of: contact.branch)?.id, home != contact.center {
            let route = BrokenRoute(from: home, to: contact.center)
            unansweredOffers[route] = nil
            // The receiving center answers: a broken route under probe is mended (an operator's mark stays).
            if brokenRoutes[route]?.probeFromMs != nil {
                _ = setRoute(from: home, to: contact.center, broken: false, why: "contact \(id) was answered there by \(agentID)")
            }
        }
        events.append(.answered(contact: id, agent: agentID))
        return nil
    }

    mutating func complete(_ id: UInt64) -> Refusal? {
        guard let contact = contacts[id] else { return notLive(id) }
        guard contact.state == .inService, let agentID = contact.agent, var agent = agents[agentID] else {
            return .conflict("contact \(id) is \(contact.state.rawValue), not in service")
        }
        addHandle(clockMs - (contact.answeredAtMs ?? clockMs), key: contact.key)
        agent.state = .wrapUp
        agent.contact = nil
        agent.wrapUpSinceMs = clockMs
        agent.wrapUpFor = contact.key
        agents[agentID] = agent
        events.append(.agentState(agent: agentID, state: .wrapUp))
        finish(id, as: .done)
        events.append(.completed(contact: id))
        return nil
    }

    mutating func addHandle(_ durationMs: Int64, key: ServiceKey) {
        ServiceCounters.add(durationMs, to: &counters[key, default: ServiceCounters()].handleMs)
        ServiceCounters.add(durationMs, to: &agentTime[key.center, default: AgentTimeCounters()].handleMs)
    }

    /// Ends a live contact: out of the live set, into the retained record and the totals.
    mutating func finish(_ id: UInt64, as state: Contact.State) {
        guard var contact = contacts.removeValue(forKey: id) else { return }
        contact.state = state
        contact.endedAtMs = clockMs
        switch state {
        case .done: totals.done += 1
        case .abandoned:
            totals.abandoned += 1
            counters[contact.key, default: ServiceCounters()].abandoned += 1
        case .redirected: totals.redirected += 1
        case .queued, .offered, .inService: break
        }
        finished.append(contact)
        fold(contact)
        trimFinished()
    }

    /// Withdraws an offer: the contact waits again, and moves on if its center no longer serves it.
    mutating func requeue(_ id: UInt64, in situation: inout RoutingSituation) {
        guard var contact = contacts[id], contact.state == .offered else { return }
        contact.state = .queued
        contact.agent = nil
        contact.offeredAtMs = nil
        contacts[id] = contact
        if centers[contact.center]?.mustRehome(contact.channel) ?? true || cameOverBrokenRoute(contact) {
            route(id, in: &situation, moving: true)
        }
    }

    /// Sent here from another center's branch over a route that has since broken: it is not really
    /// here, so the next center of the plan takes it.
    func cameOverBrokenRoute(_ contact: Contact) -> Bool {
        guard contact.reason != .home, let home = topology.homeCenter(of: contact.branch)?.id else { return false }
        return brokenRoutes[BrokenRoute(from: home, to: contact.center)] != nil
    }

    /// A contact in service at a center that went dark: ended as redirected, and a callback queued
    /// for the same customer wherever routing sends it, so nobody is silently dropped.
    mutating func redirect(_ id: UInt64, in situation: inout RoutingSituation) {
        guard let contact = contacts[id], contact.state == .inService else { return }
        let callback = newContact(
            channel: .callback, branch: contact.branch, segment: contact.segment, skill: contact.skill, at: contact.center)
        totals.callbacksCreated += 1
        contacts[callback]?.replaces = id
        contacts[id]?.callback = callback
        finish(id, as: .redirected)
        events.append(.redirected(contact: id, callback: callback))
        route(callback, in: &situation, moving: true)
    }

    /// Ids are never reused: below the counter the contact existed and has ended.
    func notLive(_ id: UInt64) -> Refusal {
        id < nextContactID ? .conflict("contact \(id) is not live") : .notFound("no contact \(id)")
    }

    static func identifierProblem(_ value: String, _ what: String) -> Refusal? {
        if value.isEmpty { return .invalid("the \(what) is empty") }
        if value.utf8.count > StateSettings.maxIdentifierLength {
            return .invalid("the \(what) is longer than \(StateSettings.maxIdentifierLength) bytes")
        }
        return nil
    }
}
