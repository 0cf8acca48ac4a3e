extension ContactCenterState {
    /// What routing reads, computed from the state as it is now; every node computes the same, as
    /// these are sums and maxima, which the order of the dictionaries cannot change.
    public func routingSituation() -> RoutingSituation {
        var loads: [String: CenterLoad] = [:]
        for (id, runtime) in centers {
            loads[id] = CenterLoad(
                status: runtime.status, reason: runtime.reason, darkChannels: runtime.darkChannels,
                closedChannels: topology.center(id)?.closedChannels(clockMs) ?? [], failbackStep: runtime.failbackStep ?? 0,
                inHoldDown: runtime.status == .recovering && runtime.failbackStep == nil)
        }
        for key in contacts.busyQueues {
            let waiting = contacts.waiting(key).count
            if waiting > 0 {
                loads[key.center]?.waiting[key.channel] = waiting
                loads[key.center]?.oldestWaitMs[key.channel] = Int(clamping: clockMs - (contacts.oldestEnqueuedAtMs(key) ?? clockMs))
            }
            let inService = contacts.inService(key)
            if inService > 0 { loads[key.center]?.inService[key.channel] = inService }
        }
        for (key, count) in agents.staffed {
            loads[key.center]?.staffedAgents[key.channel] = count
        }
        let probed = brokenRoutes.filter { $0.value.probeFromMs.map { clockMs >= $0 } ?? false }.keys
        return RoutingSituation(
            topology: topology, loads: loads, brokenRoutes: Set(brokenRoutes.keys), probedRoutes: Set(probed),
            probePercent: settings.brokenRouteProbePercent)
    }

    /// Live contacts in a given state at `center`, in the order `by` says.
    func contacts(at center: String, in state: Contact.State, by order: (Contact, Contact) -> Bool) -> [Contact] {
        contacts.values.filter { $0.center == center && $0.state == state }.sorted(by: order)
    }
}
