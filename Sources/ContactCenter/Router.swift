/// Routing of a new contact: home center, overflow, disaster-recovery plan, channel rules and
/// stepped failback, in that order. A pure function of the contact and the replicated situation,
/// so the leader's decision can be checked by any node, and explained.
public enum Router {
    public static func route(_ contact: ContactRequest, in situation: RoutingSituation) -> RoutingDecision {
        var steps: [RoutingStep] = []
        let policy = situation.topology.policy
        guard let home = situation.topology.homeCenter(of: contact.branch) else {
            steps.append(RoutingStep("no-home", "no center serves branch \(contact.branch)"))
            return RoutingDecision(outcome: .unroutable, steps: steps)
        }
        let homeLoad = situation.load(home.id)
        var channel = contact.channel
        var reason = AssignmentReason.home
        if channel == .sms, policy.smsBecomesChatWhenDark, !homeLoad.servesOwn(.sms) {
            channel = .chat
            reason = .redirect
            steps.append(RoutingStep("sms-to-chat", "\(home.id) cannot serve SMS (\(describe(homeLoad, .sms))): the customer is told to use chat"))
        }
        steps.append(RoutingStep("home", "branch \(contact.branch) belongs to \(home.id), which is \(describe(homeLoad, channel))"))

        let failover = reason == .redirect ? AssignmentReason.redirect : .failover
        guard homeLoad.servesOwn(channel) else {
            return DisasterRecovery.share(contact, channel: channel, from: home, in: situation, steps: steps, reason: failover)
        }
        if homeLoad.closedChannels.contains(channel) {
            return afterHours(contact, channel: channel, home: home, in: situation, steps: steps)
        }
        if homeLoad.status == .recovering, homeLoad.inHoldDown {
            steps.append(RoutingStep("hold-down", "\(home.id) is recovering\(from(homeLoad)) and waits out its hold-down before it takes traffic back"))
            return DisasterRecovery.share(contact, channel: channel, from: home, in: situation, steps: steps, reason: failover)
        }
        if homeLoad.status == .recovering {
            let stepIndex = min(max(0, homeLoad.failbackStep), policy.failbackStepsPercent.count - 1)
            let percent = policy.failbackStepsPercent[stepIndex]
            let bucket = Int(Shares.bucket(contact.id, modulo: 100))
            guard bucket < percent else {
                steps.append(RoutingStep("failback", "\(home.id) takes back \(percent)% of its traffic (step \(stepIndex + 1)); this contact (bucket \(bucket)) stays with the plan"))
                return DisasterRecovery.share(contact, channel: channel, from: home, in: situation, steps: steps, reason: failover)
            }
            steps.append(RoutingStep("failback", "\(home.id) takes back \(percent)% of its traffic (step \(stepIndex + 1)); bucket \(bucket) returns home"))
        }
        if let overflow = Overflow.choose(contact, channel: channel, home: home.id, in: situation, steps: &steps) {
            return RoutingDecision(outcome: .assigned(center: overflow, channel: channel, reason: .overflow), steps: steps)
        }
        return RoutingDecision(outcome: .assigned(center: home.id, channel: channel, reason: reason), steps: steps)
    }

    /// Outside the home center's hours on the channel: its after-hours rule, not an outage.
    static func afterHours(
        _ contact: ContactRequest, channel: Channel, home: CenterSpec, in situation: RoutingSituation, steps: [RoutingStep]
    ) -> RoutingDecision {
        var steps = steps
        let hours = home.hours(of: channel).map { "\($0.open)–\($0.close) \($0.timeZone)" } ?? "24/7"
        switch home.afterHours {
        case .plan:
            steps.append(RoutingStep("after-hours", "\(home.id) is closed for \(channel.rawValue) (hours \(hours)); its after-hours rule sends contacts to its plan"))
            return DisasterRecovery.share(contact, channel: channel, from: home, in: situation, steps: steps, reason: .afterHours)
        case .callback:
            steps.append(RoutingStep("after-hours", "\(home.id) is closed for \(channel.rawValue) (hours \(hours)); its after-hours rule queues a callback there for when it opens"))
            return RoutingDecision(outcome: .assigned(center: home.id, channel: .callback, reason: .afterHours), steps: steps)
        }
    }

    static func describe(_ load: CenterLoad, _ channel: Channel) -> String {
        if load.darkChannels.contains(channel) { return "\(load.status.rawValue) but dark on \(channel.rawValue) (channel-unstaffed)" }
        if load.status != .up, load.status != .recovering, let reason = load.reason { return "\(load.status.rawValue) (\(reason.rawValue))" }
        if load.closedChannels.contains(channel) { return "\(load.status.rawValue) but closed for \(channel.rawValue)" }
        return load.status.rawValue + from(load)
    }

    static func from(_ load: CenterLoad) -> String {
        guard load.status == .recovering, let reason = load.reason else { return "" }
        return " from \(reason.rawValue)"
    }
}

/// Overflow from a busy home queue to the center with the least expected wait.
enum Overflow {
    static func choose(
        _ contact: ContactRequest, channel: Channel, home: String, in situation: RoutingSituation, steps: inout [RoutingStep]
    ) -> String? {
        let policy = situation.topology.policy
        let load = situation.load(home)
        let waiting = load.waiting[channel] ?? 0
        let oldestMs = load.oldestWaitMs[channel] ?? 0
        guard waiting >= policy.overflowQueueLength || oldestMs >= policy.overflowOldestWaitMs else { return nil }
        let homeWait = situation.expectedWaitMs(home, channel)
        let candidates = situation.topology.centers.map(\.id).filter { center in
            center != home && situation.load(center).accepts(channel)
                && situation.routeCarries(contact, from: home, to: center, steps: &steps)
        }
        let best = candidates.compactMap { center in situation.expectedWaitMs(center, channel).map { (center, $0) } }
            .min { $0.1 < $1.1 }
        let trigger = "\(home) has \(waiting) waiting on \(channel.rawValue), the oldest for \(oldestMs / 1000) s (thresholds \(policy.overflowQueueLength), \(policy.overflowOldestWaitMs / 1000) s)"
        guard let (center, wait) = best, homeWait.map({ wait < $0 }) ?? true else {
            steps.append(RoutingStep("overflow", "\(trigger); no center expects a shorter wait than \(format(homeWait)): stays home"))
            return nil
        }
        steps.append(RoutingStep("overflow", "\(trigger); \(center) expects \(format(wait)) against \(format(homeWait)) at home"))
        return center
    }

    static func format(_ waitMs: Int?) -> String {
        guard let waitMs else { return "no staffed agent" }
        return waitMs < 1000 ? "\(waitMs) ms" : "\(waitMs / 1000) s"
    }
}
