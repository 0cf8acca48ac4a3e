/// A dark or draining center's branches shared among its backup centers.
enum DisasterRecovery {
    static func share(
        _ contact: ContactRequest, channel: Channel, from home: CenterSpec, in situation: RoutingSituation,
        steps: [RoutingStep], redirected: Bool
    ) -> RoutingDecision {
        var steps = steps
        let plan = home.disasterRecovery
        let order = plan.order.isEmpty ? situation.topology.centers.map(\.id).filter { $0 != home.id } : plan.order
        var candidates: [(center: String, weight: Int)] = []
        for center in order {
            let load = situation.load(center)
            if situation.brokenRoutes.contains(BrokenRoute(from: home.id, to: center)) {
                steps.append(RoutingStep("broken-route", "\(center) refused or did not answer \(home.id)'s overflow: next in the plan"))
            } else if !load.accepts(channel) {
                steps.append(RoutingStep("plan-skip", "\(center) is \(Router.describe(load, channel)): next in the plan"))
            } else {
                let weight = plan.sharing == .weights ? plan.weights[center] ?? 0 : situation.spareCapacity(center, channel)
                candidates.append((center, weight))
            }
        }
        guard !candidates.isEmpty else {
            steps.append(RoutingStep("unroutable", "no center of \(home.id)'s plan can take \(channel.rawValue)"))
            return RoutingDecision(outcome: .unroutable, steps: steps)
        }
        var weights = candidates.map(\.weight)
        if weights.allSatisfy({ $0 == 0 }) {
            // Everyone is full (or unweighted): share equally rather than refuse the customer.
            weights = weights.map { _ in 1 }
            steps.append(RoutingStep("plan-equal", "no spare capacity or weight among \(candidates.map(\.center).joined(separator: ", ")): shared equally"))
        }
        let chosen = candidates[Shares.pick(contact.id, weights: weights)].center
        let shares = zip(candidates, weights).map { "\($0.center) \($1)" }.joined(separator: ", ")
        let basis = plan.sharing == .weights ? "weights" : "spare capacity"
        steps.append(RoutingStep("dr-plan", "\(home.id)'s plan shares by \(basis) (\(shares)): \(chosen)"))
        return RoutingDecision(
            outcome: .assigned(center: chosen, channel: channel, reason: redirected ? .redirect : .failover), steps: steps)
    }
}
