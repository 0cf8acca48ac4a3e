/// A center's branches shared among its backup centers: while it is dark, draining or closed.
/// Contacts stay inside its plan while any center of the plan can take them; only when none can
/// do they go beyond it, and the explanation says so.
enum DisasterRecovery {
    static func share(
        _ contact: ContactRequest, channel: Channel, from home: CenterSpec, in situation: RoutingSituation,
        steps: [RoutingStep], reason: AssignmentReason
    ) -> RoutingDecision {
        var steps = steps
        let plan = home.disasterRecovery
        let others = situation.topology.centers.map(\.id).filter { $0 != home.id }
        let order = plan.order.isEmpty ? others : plan.order
        var candidates = takers(contact, channel, from: home.id, among: order, in: situation, steps: &steps)
        var sharing = plan.sharing
        if candidates.isEmpty, !plan.order.isEmpty {
            let beyond = others.filter { !plan.order.contains($0) }
            candidates = takers(contact, channel, from: home.id, among: beyond, in: situation, steps: &steps)
            sharing = .spareCapacity
            if !candidates.isEmpty {
                steps.append(RoutingStep("beyond-plan", "no center of \(home.id)'s plan can take \(channel.rawValue): shared beyond the plan among \(candidates.joined(separator: ", "))"))
            }
        }
        guard !candidates.isEmpty else {
            steps.append(RoutingStep("unroutable", "no center can take \(home.id)'s \(channel.rawValue) contacts"))
            return RoutingDecision(outcome: .unroutable, steps: steps)
        }
        let (weights, basis) = shares(of: candidates, channel, sharing: sharing, plan: plan, in: situation)
        let chosen = candidates[Shares.pick(contact.id, weights: weights)]
        let figures = zip(candidates, weights).map { "\($0) \($1)" }.joined(separator: ", ")
        steps.append(RoutingStep("dr-plan", "\(home.id)'s contacts shared by \(basis) (\(figures)): \(chosen)"))
        return RoutingDecision(outcome: .assigned(center: chosen, channel: channel, reason: reason), steps: steps)
    }

    /// The centers of `order` that take the channel now and whose route from `home` carries the contact.
    static func takers(
        _ contact: ContactRequest, _ channel: Channel, from home: String, among order: [String], in situation: RoutingSituation,
        steps: inout [RoutingStep]
    ) -> [String] {
        order.filter { center in
            let load = situation.load(center)
            guard load.accepts(channel) else {
                steps.append(RoutingStep("plan-skip", "\(center) is \(Router.describe(load, channel)): next in the plan"))
                return false
            }
            return situation.routeCarries(contact, from: home, to: center, steps: &steps)
        }
    }

    /// Each candidate's share and the words for its basis: the plan's weights; else the spare
    /// capacity of the agents present; else, when nobody is logged in at any of them, of the seats
    /// the topology declares; else equal shares.
    static func shares(
        of candidates: [String], _ channel: Channel, sharing: DisasterRecoveryPlan.Sharing, plan: DisasterRecoveryPlan,
        in situation: RoutingSituation
    ) -> (weights: [Int], basis: String) {
        if sharing == .weights {
            let weights = candidates.map { plan.weights[$0] ?? 0 }
            if weights.contains(where: { $0 > 0 }) { return (weights, "the plan's weights") }
        }
        let anyonePresent = candidates.contains { (situation.load($0).staffedAgents[channel] ?? 0) > 0 }
        let spare = candidates.map { situation.spareCapacity($0, channel, seats: !anyonePresent) }
        if spare.contains(where: { $0 > 0 }) {
            return (spare, anyonePresent ? "spare capacity of the agents present" : "spare declared seats (no agent is logged in at any of them)")
        }
        return (candidates.map { _ in 1 }, "equal shares (none has spare capacity\(sharing == .weights ? " or a weight" : ""))")
    }
}
