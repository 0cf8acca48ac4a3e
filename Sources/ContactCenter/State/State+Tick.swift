extension ContactCenterState {
    /// The leader's clock entry. Each rule walks its contacts, agents or centers sorted, so the
    /// order of its effects is the same on every node.
    mutating func tick() {
        expireOffers()
        abandonImpatient()
        watchPresence()
        parkAfterHours()
        stepFailback()
        retryUnroutable()
        trimFinished()
    }

    /// An offer not accepted in time returns to the queue; the agent who let it ring is taken out
    /// of ready (as the big platforms do), so an absent agent stops receiving offers.
    mutating func expireOffers() {
        let expired = contacts.offeredIDs.compactMap { contacts[$0] }.filter { contact in
            clockMs - (contact.offeredAtMs ?? clockMs) >= Int64(policy.offerTimeoutMs)
        }.sorted(by: Contact.olderThan)
        guard !expired.isEmpty else { return }
        var situation = routingSituation()
        for contact in expired {
            guard let agent = contact.agent else { continue }
            events.append(.offerExpired(contact: contact.id, agent: agent))
            goOffline(agent, in: &situation)
            // A route that breaks here changes where the rest of these contacts may go.
            if noteUnanswered(contact, at: agent) { situation = routingSituation() }
        }
    }

    /// The other way a backup route fails: the receiving center does not refuse, its agents just
    /// never get the calls. Offers of the sending center's contacts expire there at one agent after
    /// another. On a route being probed, one expiry is the probe failing: its cool-down restarts.
    /// True when the route broke.
    mutating func noteUnanswered(_ contact: Contact, at agent: String) -> Bool {
        guard let home = topology.homeCenter(of: contact.branch)?.id, home != contact.center else { return false }
        let route = BrokenRoute(from: home, to: contact.center)
        if let broken = brokenRoutes[route] {
            guard broken.probeFromMs != nil else { return false }
            brokenRoutes[route]?.probeFromMs = clockMs + settings.brokenRouteProbeAfterMs
            events.append(.routeProbeFailed(from: home, to: contact.center))
            return false
        }
        var offers = unansweredOffers[route] ?? UnansweredOffers(firstAtMs: clockMs)
        let enough = offers.note(agent: agent, atMs: clockMs, settings: settings)
        unansweredOffers[route] = offers
        guard enough else { return false }
        _ = setRoute(
            from: home, to: contact.center, broken: true,
            why: "offers of \(home)'s contacts expired unanswered at \(offers.agents.count) agents of \(contact.center) over \((clockMs - offers.firstAtMs) / 1000) s",
            probed: true)
        return true
    }

    /// A customer waiting past its patience hangs up; an offer it held is withdrawn. A callback has
    /// nobody on the line: it waits until served.
    mutating func abandonImpatient() {
        let impatient = contacts.waiting(enqueuedAtOrBeforeMs: clockMs - Int64(policy.patienceMs)).compactMap { contacts[$0] }
            .filter { $0.channel != .callback }.sorted(by: Contact.olderThan)
        for contact in impatient {
            if contact.state == .offered, let agent = contact.agent {
                agents[agent]?.contact = nil
                becomeReady(agent)
            }
            finish(contact.id, as: .abandoned)
            events.append(.abandoned(contact: contact.id))
        }
    }

    /// A recovering center waits out its hold-down, then takes its own traffic back one step per
    /// interval, and is up one interval after the last (100%) step. One recovering from staff-absent
    /// steps on only while `failbackMinPresentAgents` stay present; fewer start its hold-down over.
    mutating func stepFailback() {
        let steps = policy.failbackStepsPercent
        for center in centers.keys.sorted() {
            guard let runtime = centers[center], runtime.status == .recovering else { continue }
            let present = agents.present(at: center)
            if runtime.reason == .staffAbsent, present < settings.failbackMinPresentAgents {
                if runtime.failbackStep != nil {
                    networkVersion += 1
                    events.append(.failbackRestarted(center: center, presentAgents: present))
                }
                centers[center]?.failbackStep = nil
                centers[center]?.holdDownFromMs = clockMs
                continue
            }
            let elapsedMs = clockMs - runtime.holdDownFromMs
            guard elapsedMs >= runtime.holdDownMs else { continue }
            let step = Int(clamping: (elapsedMs - runtime.holdDownMs) / max(1, settings.failbackStepIntervalMs))
            if step >= steps.count {
                changeStatus(center, to: .up, reason: nil)
            } else if runtime.failbackStep != step {
                centers[center]?.failbackStep = step
                networkVersion += 1
                events.append(.failbackStep(center: center, percent: steps[step]))
            }
        }
    }

    /// Contacts no center could take are routed again once the network has changed; routing
    /// refuses only for statuses and routes, never for load, so nothing else can help them.
    mutating func retryUnroutable() {
        guard unroutableRetriedAt != networkVersion else { return }
        unroutableRetriedAt = networkVersion
        let stuck = contacts.values.filter { $0.state == .queued && $0.unroutable }.sorted(by: Contact.olderThan)
        guard !stuck.isEmpty else { return }
        var situation = routingSituation()
        for contact in stuck {
            route(contact.id, in: &situation, moving: true)
        }
    }

    /// Keeps the finished record within its count and age; what leaves it lives on in the counters.
    mutating func trimFinished() {
        let overCount = finished.count - settings.maxRetainedContacts
        let tooOld = finished.prefix { clockMs - ($0.endedAtMs ?? clockMs) > settings.retentionMs }.count
        let drop = max(overCount, tooOld)
        if drop > 0 { finished.removeFirst(drop) }
    }
}
