extension ContactCenterState {
    /// What routing reads, computed from the state as it is now; every node computes the same, as
    /// these are sums and maxima, which the order of the dictionaries cannot change.
    public func routingSituation() -> RoutingSituation {
        var loads: [String: CenterLoad] = [:]
        for (id, runtime) in centers {
            loads[id] = CenterLoad(
                status: runtime.status, darkChannels: runtime.darkChannels, failbackStep: runtime.failbackStep ?? 0,
                inHoldDown: runtime.status == .recovering && runtime.failbackStep == nil)
        }
        for contact in contacts.values {
            switch contact.state {
            case .queued, .offered:
                loads[contact.center]?.waiting[contact.channel, default: 0] += 1
                let waitedMs = Int(clamping: clockMs - contact.enqueuedAtMs)
                let oldestMs = loads[contact.center]?.oldestWaitMs[contact.channel] ?? 0
                loads[contact.center]?.oldestWaitMs[contact.channel] = max(oldestMs, waitedMs)
            case .inService:
                loads[contact.center]?.inService[contact.channel, default: 0] += 1
            case .done, .abandoned, .redirected:
                break
            }
        }
        for agent in agents.values where agent.state != .offline {
            for channel in agent.channels {
                loads[agent.servingCenter]?.staffedAgents[channel, default: 0] += 1
            }
        }
        return RoutingSituation(topology: topology, loads: loads, brokenRoutes: Set(brokenRoutes.keys))
    }

    /// Live contacts in a given state at `center`, in the order `by` says.
    func contacts(at center: String, in state: Contact.State, by order: (Contact, Contact) -> Bool) -> [Contact] {
        contacts.values.filter { $0.center == center && $0.state == state }.sorted(by: order)
    }
}
