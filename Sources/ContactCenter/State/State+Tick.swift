extension ContactCenterState {
    /// The leader's clock entry. Each rule walks its contacts, agents or centers sorted, so the
    /// order of its effects is the same on every node.
    mutating func tick() {
        expireOffers()
        abandonImpatient()
        detectUnattendedChannels()
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
            noteUnanswered(contact)
        }
    }

    /// The other way a backup route fails: the receiving center does not refuse, its agents just
    /// never get the calls. Offers of the sending center's contacts expire there, one after another.
    mutating func noteUnanswered(_ contact: Contact) {
        guard let home = topology.homeCenter(of: contact.branch)?.id, home != contact.center else { return }
        let route = BrokenRoute(from: home, to: contact.center)
        let misses = (unansweredOffers[route] ?? 0) + 1
        unansweredOffers[route] = misses
        guard misses >= settings.brokenRouteAfterExpiredOffers, brokenRoutes[route] == nil else { return }
        unansweredOffers[route] = nil
        _ = setRoute(
            from: home, to: contact.center, broken: true,
            why: "\(misses) offers of \(home)'s contacts at \(contact.center) expired unanswered in a row")
    }

    /// A customer waiting past its patience hangs up; an offer it held is withdrawn.
    mutating func abandonImpatient() {
        let impatient = contacts.waiting(enqueuedAtOrBeforeMs: clockMs - Int64(policy.patienceMs)).compactMap { contacts[$0] }
            .sorted(by: Contact.olderThan)
        for contact in impatient {
            if contact.state == .offered, let agent = contact.agent {
                agents[agent]?.contact = nil
                becomeReady(agent)
            }
            finish(contact.id, as: .abandoned)
            events.append(.abandoned(contact: contact.id))
        }
    }

    /// Wuhan's case: the servers up, the people absent. A channel with contacts waiting and no agent
    /// ready on it for the window goes dark there; it comes back as soon as someone is ready on it.
    mutating func detectUnattendedChannels() {
        var waitingOn: [String: Set<Channel>] = [:]
        for key in contacts.busyQueues where contacts.waiting(key).contains(where: { contacts[$0.id]?.state == .queued }) {
            waitingOn[key.center, default: []].insert(key.channel)
        }
        var readyOn: [String: Set<Channel>] = [:]
        for (center, ids) in agents.readyAt {
            for id in ids { readyOn[center, default: []].formUnion(agents[id]?.channels ?? []) }
        }
        for center in centers.keys.sorted() {
            guard var runtime = centers[center], runtime.status == .up || runtime.status == .recovering else { continue }
            var darkened: [Channel] = []
            let waiting = waitingOn[center] ?? []
            let ready = readyOn[center] ?? []
            for channel in Channel.allCases {
                let anyoneReady = ready.contains(channel)
                if runtime.darkChannels.contains(channel) {
                    if anyoneReady {
                        runtime.darkChannels.remove(channel)
                        networkVersion += 1
                        events.append(.channelRecovered(center: center, channel: channel))
                    }
                } else if waiting.contains(channel), !anyoneReady {
                    let sinceMs = runtime.unattendedSinceMs[channel] ?? clockMs
                    runtime.unattendedSinceMs[channel] = sinceMs
                    if clockMs - sinceMs >= settings.unattendedDarkAfterMs {
                        runtime.unattendedSinceMs[channel] = nil
                        runtime.darkChannels.insert(channel)
                        networkVersion += 1
                        darkened.append(channel)
                        events.append(.channelDark(center: center, channel: channel))
                    }
                } else {
                    runtime.unattendedSinceMs[channel] = nil
                }
            }
            centers[center] = runtime
            if !darkened.isEmpty { rehomeQueued(at: center) }
        }
    }

    /// A recovering center waits out its hold-down, then takes its own traffic back one step per
    /// interval, and is up one interval after the last (100%) step.
    mutating func stepFailback() {
        let steps = policy.failbackStepsPercent
        for center in centers.keys.sorted() {
            guard let runtime = centers[center], runtime.status == .recovering else { continue }
            let elapsedMs = clockMs - runtime.statusSinceMs
            guard elapsedMs >= runtime.holdDownMs else { continue }
            let step = Int(clamping: (elapsedMs - runtime.holdDownMs) / max(1, settings.failbackStepIntervalMs))
            if step >= steps.count {
                changeStatus(center, to: .up)
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
