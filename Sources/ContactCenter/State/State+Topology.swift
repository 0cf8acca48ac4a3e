extension ContactCenterState {
    /// Replaces the topology of a running network. Centers it adds start up; centers it drops must
    /// be empty first, so that no contact or agent is left at a center the network no longer knows.
    /// Settings change only while no contact is live, since a smaller bound could strand some.
    mutating func change(to new: Topology) -> Refusal? {
        if let problem = new.problems.first { return .invalid("the topology: \(problem)") }
        let kept = Set(new.centers.map(\.id))
        for dropped in topology.centers.map(\.id) where !kept.contains(dropped) {
            let holding = contacts.values.filter { $0.center == dropped }.count
            let staff = agents.values.filter { $0.homeCenter == dropped || $0.servingCenter == dropped }.count
            if holding > 0 || staff > 0 {
                return .conflict("center \(dropped) still holds \(holding) contacts and \(staff) agents: drain it and move its agents first")
            }
        }
        let settings = new.settings ?? self.settings
        if settings != self.settings, !contacts.isEmpty {
            return .conflict("settings change only while no contact is live (\(contacts.count) are)")
        }
        self.settings = settings
        topology = new
        for center in new.centers.map(\.id) where centers[center] == nil {
            centers[center] = CenterRuntime(holdDownMs: settings.holdDownMs)
        }
        centers = centers.filter { kept.contains($0.key) }
        brokenRoutes = brokenRoutes.filter { kept.contains($0.key.from) && kept.contains($0.key.to) }
        unansweredOffers = unansweredOffers.filter { kept.contains($0.key.from) && kept.contains($0.key.to) }
        networkVersion += 1
        events.append(.topologyChanged(centers: new.centers.count))
        return nil
    }
}
