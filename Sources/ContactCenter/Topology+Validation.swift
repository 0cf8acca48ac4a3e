/// One thing wrong with a topology, naming where it is ("centers[wuhan].disasterRecovery.order").
public struct TopologyProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

extension Topology {
    public static let maxCenters = 64
    public static let maxBranchesPerCenter = 256

    /// Every problem; empty when the topology can route every branch.
    public var problems: [TopologyProblem] {
        var found: [TopologyProblem] = []
        func flag(_ field: String, _ problem: String) { found.append(TopologyProblem(field: field, problem: problem)) }
        if centers.isEmpty { flag("centers", "must name at least one center") }
        if centers.count > Self.maxCenters { flag("centers", "at most \(Self.maxCenters) centers") }
        let ids = centers.map(\.id)
        var owner: [String: String] = [:]
        for center in centers {
            let at = "centers[\(center.id)]"
            if center.id.isEmpty { flag("centers", "a center has an empty id") }
            if ids.filter({ $0 == center.id }).count > 1 { flag(at, "the id is used twice") }
            if center.branches.count > Self.maxBranchesPerCenter { flag("\(at).branches", "at most \(Self.maxBranchesPerCenter)") }
            for branch in center.branches {
                if let other = owner[branch], other != center.id {
                    flag("\(at).branches", "\(branch) is already served by \(other)")
                }
                owner[branch] = center.id
            }
            for (channel, agents) in center.agentCapacity where agents < 0 {
                flag("\(at).agentCapacity.\(channel.rawValue)", "must not be negative")
            }
            let schedules = [("hours", center.hours)] + center.channelHours.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { ("channelHours.\($0.key.rawValue)", Optional($0.value)) }
            for case (let field, let hours?) in schedules {
                if case .failure(let problem) = hours.window() { flag("\(at).\(field).\(problem.field)", problem.problem) }
            }
            let plan = center.disasterRecovery
            for backup in plan.order where !ids.contains(backup) || backup == center.id {
                flag("\(at).disasterRecovery.order", backup == center.id ? "names the center itself" : "names unknown center \(backup)")
            }
            if plan.sharing == .weights {
                if plan.weights.isEmpty { flag("\(at).disasterRecovery.weights", "sharing by weights needs weights") }
                for (backup, weight) in plan.weights where weight < 0 || !ids.contains(backup) || backup == center.id {
                    flag("\(at).disasterRecovery.weights.\(backup)", weight < 0 ? "must not be negative" : "names no other center")
                }
            }
        }
        if centers.filter(\.preferredLeader).count > 1 { flag("centers", "at most one center is the preferred leader") }
        let steps = policy.failbackStepsPercent
        if steps.isEmpty || steps.last != 100 || zip(steps, steps.dropFirst()).contains(where: { $0 >= $1 })
            || steps.contains(where: { $0 <= 0 })
        {
            flag("policy.failbackStepsPercent", "must rise from above 0 to exactly 100, e.g. [10, 25, 50, 100]")
        }
        for (field, value) in [
            ("overflowOldestWaitMs", policy.overflowOldestWaitMs), ("overflowQueueLength", policy.overflowQueueLength),
            ("offerTimeoutMs", policy.offerTimeoutMs), ("patienceMs", policy.patienceMs),
            ("serviceLevelThresholdMs", policy.serviceLevelThresholdMs),
        ] where value <= 0 {
            flag("policy.\(field)", "must be positive")
        }
        return found + (settings?.problems ?? [])
    }
}
