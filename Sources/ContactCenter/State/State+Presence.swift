extension ContactCenterState {
    /// Wuhan's case: the servers up, the people gone. Run on each clock entry, center by center in
    /// sorted order. Present means logged in (ready, offered, serving or in wrap-up): a saturated
    /// center is busy, not abandoned. Inside its hours a center nobody has been present at for
    /// `staffAbsentDarkAfterMs` is dark (`staff-absent`), with every consequence a dark node has;
    /// `failbackMinPresentAgents` back makes it recovering. A channel of a staffed center with
    /// nobody on it for `channelUnstaffedDarkAfterMs` is dark there alone, back as soon as someone is.
    /// Absence is counted from the later of the moment the last agent left (or the last clock entry
    /// that saw someone) and the opening, so a night's closing never counts against the morning.
    mutating func watchPresence() {
        var queuedOn: [String: Set<Channel>] = [:]
        for key in contacts.busyQueues where contacts.waiting(key).contains(where: { contacts[$0.id]?.state == .queued }) {
            queuedOn[key.center, default: []].insert(key.channel)
        }
        for center in centers.keys.sorted() {
            guard let spec = topology.center(center), var runtime = centers[center] else { continue }
            let present = agents.present(at: center)
            if present > 0 { runtime.lastPresentMs = clockMs }
            centers[center] = runtime
            switch runtime.status {
            case .dark where runtime.reason == .staffAbsent:
                if present >= settings.failbackMinPresentAgents { changeStatus(center, to: .recovering, reason: .staffAbsent) }
                continue
            case .dark, .draining: continue
            case .up, .recovering: break
            }
            if present == 0, let lastMs = runtime.lastPresentMs, let openedMs = spec.openedAtMs(clockMs) {
                if clockMs - max(lastMs, openedMs) >= settings.staffAbsentDarkAfterMs {
                    changeStatus(center, to: .dark, reason: .staffAbsent)
                }
                // Everyone left: the center's own window is the one that runs, not each channel's.
                continue
            }
            watchChannels(of: spec, queued: queuedOn[center] ?? [])
        }
    }

    private mutating func watchChannels(of spec: CenterSpec, queued: Set<Channel>) {
        guard var runtime = centers[spec.id] else { return }
        var darkened = false
        for channel in Channel.allCases {
            let presentOn = agents.present(at: spec.id, on: channel) > 0
            if presentOn {
                runtime.lastPresentOnMs[channel] = clockMs
                runtime.unstaffedSinceMs[channel] = nil
                if runtime.darkChannelsSinceMs.removeValue(forKey: channel) != nil {
                    networkVersion += 1
                    events.append(.channelRecovered(center: spec.id, channel: channel))
                }
                continue
            }
            guard runtime.darkChannelsSinceMs[channel] == nil, let openedMs = spec.openedAtMs(channel, clockMs) else {
                runtime.unstaffedSinceMs[channel] = nil
                continue
            }
            let sinceMs: Int64
            if let lastMs = runtime.lastPresentOnMs[channel] {
                sinceMs = max(lastMs, openedMs)
            } else if queued.contains(channel) {
                // Never staffed, yet contacts wait on it: count from the first entry that saw them.
                sinceMs = runtime.unstaffedSinceMs[channel] ?? clockMs
                runtime.unstaffedSinceMs[channel] = sinceMs
            } else {
                continue
            }
            if clockMs - sinceMs >= settings.channelUnstaffedDarkAfterMs {
                runtime.unstaffedSinceMs[channel] = nil
                runtime.darkChannelsSinceMs[channel] = clockMs
                networkVersion += 1
                darkened = true
                events.append(.channelDark(center: spec.id, channel: channel))
            }
        }
        centers[spec.id] = runtime
        if darkened { rehomeQueued(at: spec.id) }
    }

    /// Contacts left queued on a channel that has closed, with nobody there to serve them, follow
    /// the center's after-hours rule as new ones do (to the plan, or a callback for the morning).
    mutating func parkAfterHours() {
        var parked: [Contact] = []
        for center in centers.keys.sorted() {
            guard let spec = topology.center(center), centers[center]?.status == .up || centers[center]?.status == .recovering else { continue }
            for channel in spec.closedChannels(clockMs).sorted(by: { $0.rawValue < $1.rawValue })
            where channel != .callback && agents.present(at: center, on: channel) == 0 {
                parked += contacts.waiting(ServiceKey(center: center, channel: channel)).compactMap { contacts[$0.id] }
                    .filter { $0.state == .queued }.sorted(by: Contact.olderThan)
            }
        }
        guard !parked.isEmpty else { return }
        var situation = routingSituation()
        for contact in parked { route(contact.id, in: &situation, moving: true) }
    }
}
