/// What the planner is told about the traffic and the service it must give.
public struct CapacityDemand: Sendable, Equatable {
    /// Contacts an hour that each branch offers, per channel.
    public var arrivalsPerHourPerBranch: [Channel: Double]
    /// A center's own branches together offer this instead, per channel (measured figures).
    public var centerArrivalsPerHour: [String: [Channel: Double]]
    public var averageHandleSeconds: [Channel: Double]
    /// The share of contacts to answer within `thresholdSeconds`, from 0 to 1.
    public var serviceLevelTarget: Double
    public var thresholdSeconds: Double
    /// The share of paid time agents are not on the phones (breaks, training, absence), 0 to under 1.
    public var shrinkage: Double

    public init(
        arrivalsPerHourPerBranch: [Channel: Double], centerArrivalsPerHour: [String: [Channel: Double]] = [:],
        averageHandleSeconds: [Channel: Double], serviceLevelTarget: Double, thresholdSeconds: Double, shrinkage: Double
    ) {
        self.arrivalsPerHourPerBranch = arrivalsPerHourPerBranch
        self.centerArrivalsPerHour = centerArrivalsPerHour
        self.averageHandleSeconds = averageHandleSeconds
        self.serviceLevelTarget = serviceLevelTarget
        self.thresholdSeconds = thresholdSeconds
        self.shrinkage = shrinkage
    }

    /// The topology's handle times and service-level threshold, with an 80 % target and 30 % shrinkage.
    public init(policy: RoutingPolicy, arrivalsPerHourPerBranch: [Channel: Double]) {
        self.init(
            arrivalsPerHourPerBranch: arrivalsPerHourPerBranch,
            averageHandleSeconds: policy.averageHandleMs.mapValues { Double($0) / 1_000 },
            serviceLevelTarget: 0.8, thresholdSeconds: Double(policy.serviceLevelThresholdMs) / 1_000, shrinkage: 0.3)
    }

    /// The first thing wrong with the figures, said for the option a user typed; nil when they are usable.
    public var problem: String? {
        if !(serviceLevelTarget > 0 && serviceLevelTarget < 1) { return "the service-level target must be above 0 % and below 100 %" }
        if !(thresholdSeconds >= 0 && thresholdSeconds.isFinite) { return "the service-level threshold must be 0 s or more" }
        if !(shrinkage >= 0 && shrinkage < 1) { return "shrinkage must be at least 0 % and below 100 %" }
        let rates = Array(arrivalsPerHourPerBranch.values) + centerArrivalsPerHour.values.flatMap(\.values)
        if rates.contains(where: { !($0 >= 0 && $0.isFinite) }) { return "arrivals per hour must be 0 or more" }
        for (channel, seconds) in averageHandleSeconds where !(seconds > 0 && seconds.isFinite) {
            return "the average handle time of \(channel.rawValue) must be above 0 s"
        }
        let offered = Array(arrivalsPerHourPerBranch) + centerArrivalsPerHour.values.flatMap { Array($0) }
        if let channel = Channel.allCases.first(where: { channel in
            averageHandleSeconds[channel] == nil && offered.contains { $0.key == channel && $0.value > 0 }
        }) {
            return "no average handle time for \(channel.rawValue)"
        }
        return nil
    }
}

/// One center's need on one channel.
public struct CapacityLine: Sendable, Equatable, Codable {
    public var center: String
    public var channel: Channel
    /// Its own branches' contacts an hour, plus what dark centers send it.
    public var arrivalsPerHour: Double
    /// The part of `arrivalsPerHour` that comes from dark centers' branches.
    public var fromDarkCentersPerHour: Double
    public var averageHandleSeconds: Double
    public var trafficErlangs: Double
    /// Agents on the phones that Erlang C needs for the target; nil beyond `CapacityPlan.maxAgents`.
    public var agentsNeeded: Int?
    /// `agentsNeeded` grossed up for shrinkage: the agents to put on the roster.
    public var agentsToSchedule: Int?
    /// Agents the topology staffs on the channel.
    public var staffed: Int
    /// Agents missing from the roster (0 when the staffing suffices; the staffed count plus one
    /// when no number up to `CapacityPlan.maxAgents` reaches the target).
    public var short: Int
    /// The service level the staffed agents, less shrinkage, would give; 0 when they cannot keep up.
    public var serviceLevelAsStaffed: Double
}

/// What a plan leaves unserved: a dark center's traffic that no center may take.
public struct UnservedTraffic: Sendable, Equatable, Codable {
    public var from: String
    public var channel: Channel
    public var arrivalsPerHour: Double
}

public struct CapacityReport: Sendable, Equatable, Codable {
    public var dark: [String]
    public var lines: [CapacityLine]
    public var unserved: [UnservedTraffic]

    public var totalShort: Int { lines.reduce(0) { $0 + $1.short } }
}

/// Staffing by Erlang C (which assumes no caller abandons: a conservative count) for every center
/// and channel of a topology, and what it becomes when centers go dark: their branches' traffic is
/// shared by their disaster-recovery plans as routing would share it. A plan by weights splits by
/// its weights; a plan by spare capacity splits in proportion to each backup's staffed agents less
/// those its own traffic needs; a center with no agents on a channel takes none of it; SMS turns
/// into chat when the policy says so. Centers outside a plan take its traffic only when no center
/// of the plan can.
public enum CapacityPlan {
    /// Bounds the search for the agents a line needs.
    public static let maxAgents = 100_000

    /// `staffing` replaces the topology's `agentCapacity` where given: the agents present now, say.
    public static func report(
        topology: Topology, demand: CapacityDemand, dark: Set<String> = [], staffing: [String: [Channel: Int]]? = nil
    ) -> CapacityReport {
        var topology = topology
        if let staffing {
            for index in topology.centers.indices { topology.centers[index].agentCapacity = staffing[topology.centers[index].id] ?? [:] }
        }
        var arrivals: [String: [Channel: Double]] = [:]
        var fromDark: [String: [Channel: Double]] = [:]
        var unserved: [UnservedTraffic] = []
        for center in topology.centers where !dark.contains(center.id) {
            arrivals[center.id] = ownArrivals(center, demand)
        }
        for center in topology.centers where dark.contains(center.id) {
            for (channel, rate) in ownArrivals(center, demand).sorted(by: { $0.key.rawValue < $1.key.rawValue }) where rate > 0 {
                let carried = channel == .sms && topology.policy.smsBecomesChatWhenDark ? Channel.chat : channel
                let shares = backupShares(of: center, carried, topology: topology, demand: demand, dark: dark, ownArrivals: arrivals)
                guard !shares.isEmpty else {
                    unserved.append(UnservedTraffic(from: center.id, channel: channel, arrivalsPerHour: rate))
                    continue
                }
                let total = shares.reduce(0) { $0 + $1.weight }
                for (backup, weight) in shares {
                    let part = rate * weight / total
                    arrivals[backup, default: [:]][carried, default: 0] += part
                    fromDark[backup, default: [:]][carried, default: 0] += part
                }
            }
        }
        var lines: [CapacityLine] = []
        for center in topology.centers where !dark.contains(center.id) {
            for channel in Channel.allCases {
                let rate = arrivals[center.id]?[channel] ?? 0
                let staffed = center.agentCapacity[channel] ?? 0
                guard rate > 0 else { continue }
                lines.append(line(center.id, channel, rate: rate, fromDark: fromDark[center.id]?[channel] ?? 0, staffed: staffed, demand))
            }
        }
        return CapacityReport(dark: dark.sorted(), lines: lines, unserved: unserved)
    }

    private static func ownArrivals(_ center: CenterSpec, _ demand: CapacityDemand) -> [Channel: Double] {
        demand.centerArrivalsPerHour[center.id] ?? demand.arrivalsPerHourPerBranch.mapValues { $0 * Double(center.branches.count) }
    }

    static func line(_ center: String, _ channel: Channel, rate: Double, fromDark: Double, staffed: Int, _ demand: CapacityDemand)
        -> CapacityLine
    {
        let handle = demand.averageHandleSeconds[channel] ?? 0
        let traffic = rate / 3_600 * handle
        let needed =
            traffic > 0
            ? ErlangC.agentsNeeded(
                trafficErlangs: traffic, averageHandleSeconds: handle, thresholdSeconds: demand.thresholdSeconds,
                target: demand.serviceLevelTarget, maxAgents: maxAgents)
            : 0
        let toSchedule = needed.map { Int((Double($0) / (1 - demand.shrinkage)).rounded(.up)) }
        let onPhones = Int((Double(staffed) * (1 - demand.shrinkage)).rounded(.down))
        let level =
            traffic > 0
            ? ErlangC.serviceLevel(
                agents: onPhones, trafficErlangs: traffic, averageHandleSeconds: handle, thresholdSeconds: demand.thresholdSeconds)
            : 1
        return CapacityLine(
            center: center, channel: channel, arrivalsPerHour: rate, fromDarkCentersPerHour: fromDark, averageHandleSeconds: handle,
            trafficErlangs: traffic, agentsNeeded: needed, agentsToSchedule: toSchedule, staffed: staffed,
            short: toSchedule.map { max(0, $0 - staffed) } ?? staffed + 1, serviceLevelAsStaffed: level)
    }

    /// The centers that take a dark center's traffic on `channel`, with their relative shares.
    private static func backupShares(
        of home: CenterSpec, _ channel: Channel, topology: Topology, demand: CapacityDemand, dark: Set<String>,
        ownArrivals: [String: [Channel: Double]]
    ) -> [(center: String, weight: Double)] {
        let plan = home.disasterRecovery
        let others = topology.centers.map(\.id).filter { $0 != home.id }
        func takers(_ ids: [String]) -> [String] {
            ids.filter { id in !dark.contains(id) && (topology.center(id)?.agentCapacity[channel] ?? 0) > 0 }
        }
        var candidates = takers(plan.order.isEmpty ? others : plan.order)
        var sharing = plan.sharing
        if candidates.isEmpty, !plan.order.isEmpty {
            candidates = takers(others.filter { !plan.order.contains($0) })
            sharing = .spareCapacity
        }
        if sharing == .weights {
            let weights = candidates.map { Double(max(0, plan.weights[$0] ?? 0)) }
            if weights.contains(where: { $0 > 0 }) { return zip(candidates, weights).filter { $0.1 > 0 }.map { ($0.0, $0.1) } }
        }
        let spare = candidates.map { id -> Double in
            let staffed = topology.center(id)?.agentCapacity[channel] ?? 0
            let own = line(id, channel, rate: ownArrivals[id]?[channel] ?? 0, fromDark: 0, staffed: staffed, demand)
            return Double(max(0, staffed - (own.agentsToSchedule ?? staffed)))
        }
        if spare.contains(where: { $0 > 0 }) { return zip(candidates, spare).filter { $0.1 > 0 }.map { ($0.0, $0.1) } }
        return candidates.map { ($0, 1) }
    }
}
