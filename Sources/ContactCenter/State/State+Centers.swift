extension ContactCenterState {
    mutating func operatorChange(_ center: String, to status: CenterStatus, allowedFrom: [CenterStatus]) -> Refusal? {
        guard let runtime = centers[center] else { return .notFound("no center \(center)") }
        guard allowedFrom.contains(runtime.status) else {
            return .conflict("center \(center) is \(runtime.status.rawValue); this applies to a center that is \(allowedFrom.map(\.rawValue).joined(separator: " or "))")
        }
        changeStatus(center, to: status, reason: Self.reason(to: status, from: runtime, detected: false))
        return nil
    }

    /// The leader's detection (a node silent past its window, or answering again) is committed as is;
    /// committing the status a center already has changes nothing.
    mutating func detectedChange(_ center: String, to status: CenterStatus) -> Refusal? {
        guard let runtime = centers[center] else { return .notFound("no center \(center)") }
        if runtime.status != status {
            changeStatus(center, to: status, reason: Self.reason(to: status, from: runtime, detected: true))
        }
        return nil
    }

    /// A dark or draining center's reason is how it got there; a recovering one keeps the reason it
    /// recovers from, so that status can say what it is coming back from.
    static func reason(to status: CenterStatus, from runtime: CenterRuntime, detected: Bool) -> DarkReason? {
        switch status {
        case .up: nil
        case .recovering: runtime.reason
        case .draining: .draining
        case .dark: detected ? .nodeSilent : .operatorBlackout
        }
    }

    mutating func setRoute(from: String, to: String, broken: Bool, why: String, probed: Bool = false) -> Refusal? {
        guard centers[from] != nil, centers[to] != nil else { return .notFound("no route \(from) → \(to): unknown center") }
        guard from != to else { return .invalid("a route joins two different centers") }
        let route = BrokenRoute(from: from, to: to)
        unansweredOffers[route] = nil
        if broken {
            let probeFromMs = probed ? clockMs + settings.brokenRouteProbeAfterMs : nil
            if brokenRoutes[route] == nil { events.append(.routeBroken(from: from, to: to, why: why)) }
            brokenRoutes[route] = RouteBreak(why: brokenRoutes[route]?.why ?? why, sinceMs: brokenRoutes[route]?.sinceMs ?? clockMs, probeFromMs: probeFromMs)
            networkVersion += 1
            // What the broken route sent is not really there: the next center of the plan takes it.
            let topology = topology
            move(at: to, withdrawingOffers: false) { contact in
                contact.reason != .home && topology.homeCenter(of: contact.branch)?.id == from
            }
        } else if brokenRoutes.removeValue(forKey: route) != nil {
            networkVersion += 1
            events.append(.routeMended(from: from, to: to, why: why))
        }
        return nil
    }

    /// An agent or the intake of `center` refuses a contact sent there from another center's branch,
    /// waiting or already offered: its own branches' contacts are the center's to serve, whatever
    /// its intake says. The route breaks on that evidence and is probed again after its cool-down.
    mutating func intakeRefused(_ id: UInt64, at center: String) -> Refusal? {
        guard let contact = contacts[id] else { return notLive(id) }
        guard contact.center == center, contact.state == .queued || contact.state == .offered else {
            return .conflict("contact \(id) is \(contact.state.rawValue) at \(contact.center), not waiting at \(center)")
        }
        guard let home = topology.homeCenter(of: contact.branch)?.id, home != center else {
            return .conflict("contact \(id) is from \(center)'s own branch \(contact.branch)")
        }
        if contact.state == .offered, let agent = contact.agent {
            contacts[id]?.state = .queued
            contacts[id]?.agent = nil
            contacts[id]?.offeredAtMs = nil
            agents[agent]?.contact = nil
            becomeReady(agent)
        }
        return setRoute(from: home, to: center, broken: true, why: "\(center) refused contact \(id) from \(home)", probed: true)
    }

    mutating func changeStatus(_ center: String, to status: CenterStatus, reason: DarkReason?) {
        guard var runtime = centers[center] else { return }
        let from = runtime.status
        if from == .recovering, status == .dark {
            runtime.flaps += 1
            runtime.holdDownMs = min(settings.maxHoldDownMs, runtime.holdDownMs * 2)
        }
        if status == .up { runtime.holdDownMs = settings.holdDownMs }
        if status == .dark { runtime.darkChannelsSinceMs = [:] }
        runtime.unstaffedSinceMs = [:]
        runtime.status = status
        runtime.reason = reason
        runtime.statusSinceMs = clockMs
        runtime.holdDownFromMs = clockMs
        runtime.failbackStep = nil
        centers[center] = runtime
        networkVersion += 1
        events.append(.centerStatus(center: center, from: from, to: status, reason: reason))
        if status == .dark {
            evacuateAgents(at: center)
            // Absence counts again only once someone is back.
            centers[center]?.lastPresentMs = nil
            centers[center]?.lastPresentOnMs = [:]
        }
        if status == .dark || status == .draining { rehomeQueued(at: center) }
    }

    /// A dark center's agents are gone: offers go back to the queue, contacts in service are
    /// redirected to a callback, and everyone there is logged off.
    mutating func evacuateAgents(at center: String) {
        var situation = routingSituation()
        let present = agents.values.filter { $0.servingCenter == center && $0.state != .offline }.map(\.id).sorted()
        for id in present {
            if let contactID = agents[id]?.contact, let contact = contacts[contactID], contact.state == .inService {
                addHandle(clockMs - (contact.answeredAtMs ?? clockMs), key: contact.key)
                agents[id]?.contact = nil
                agents[id]?.state = .offline
                events.append(.agentState(agent: id, state: .offline))
                redirect(contactID, in: &situation)
            } else {
                goOffline(id, in: &situation)
            }
        }
    }

    /// Moves the contacts waiting at `center` that it no longer serves, oldest first, keeping their
    /// enqueue time and priority; offers there are withdrawn first. Agents already serving keep
    /// their contacts: nothing in service is ever moved.
    mutating func rehomeQueued(at center: String) {
        guard let runtime = centers[center] else { return }
        move(at: center, withdrawingOffers: true) { runtime.mustRehome($0.channel) }
    }

    mutating func move(at center: String, withdrawingOffers: Bool, where include: (Contact) -> Bool) {
        if withdrawingOffers {
            for contact in contacts(at: center, in: .offered, by: Contact.olderThan) where include(contact) {
                contacts[contact.id]?.state = .queued
                contacts[contact.id]?.agent = nil
                contacts[contact.id]?.offeredAtMs = nil
                if let agent = contact.agent, agents[agent]?.state == .busy {
                    agents[agent]?.contact = nil
                    becomeReady(agent)
                }
            }
        }
        var situation = routingSituation()
        for contact in contacts(at: center, in: .queued, by: Contact.olderThan) where include(contact) {
            route(contact.id, in: &situation, moving: true)
        }
    }
}
