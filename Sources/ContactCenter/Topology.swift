/// The network of centers: who serves which branches, with how many agents per channel, and what
/// happens when one goes dark. Loaded from a JSON file (Deploy/topology/) and changed through the
/// admin API; every node holds the same copy, since routing must compute the same answer everywhere.
public struct Topology: Sendable, Equatable, Codable {
    public var centers: [CenterSpec]
    public var policy: RoutingPolicy
    /// The state's limits and failover timings (hold-down, failback interval, detection windows);
    /// the defaults when left out. A drill on a local cluster shortens them.
    public var settings: StateSettings?

    public init(centers: [CenterSpec], policy: RoutingPolicy = RoutingPolicy(), settings: StateSettings? = nil) {
        self.centers = centers
        self.policy = policy
        self.settings = settings
    }

    public func center(_ id: String) -> CenterSpec? { centers.first { $0.id == id } }

    /// The center that serves `branch` by default.
    public func homeCenter(of branch: String) -> CenterSpec? { centers.first { $0.branches.contains(branch) } }
}

public struct CenterSpec: Sendable, Equatable, Codable {
    /// A short stable name, e.g. "wuhan"; also the `center` of its node's configuration.
    public var id: String
    public var name: String
    public var region: String
    /// The provincial branches whose customers this center serves by default.
    public var branches: [String]
    /// Agents staffed per channel; spare capacity shares a dark center's traffic.
    public var agentCapacity: [Channel: Int]
    /// The main center: the Raft leader returns to its node once it is stable.
    public var preferredLeader: Bool
    public var disasterRecovery: DisasterRecoveryPlan
    /// When the center is meant to be staffed; nil is 24/7.
    public var hours: OpeningHours?
    /// Channels whose hours differ from the center's.
    public var channelHours: [Channel: OpeningHours]
    /// Where its branches' contacts go while it is closed on their channel.
    public var afterHours: AfterHoursRule

    public init(
        id: String, name: String, region: String, branches: [String], agentCapacity: [Channel: Int],
        preferredLeader: Bool = false, disasterRecovery: DisasterRecoveryPlan = DisasterRecoveryPlan(),
        hours: OpeningHours? = nil, channelHours: [Channel: OpeningHours] = [:], afterHours: AfterHoursRule = .plan
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.branches = branches
        self.agentCapacity = agentCapacity
        self.preferredLeader = preferredLeader
        self.disasterRecovery = disasterRecovery
        self.hours = hours
        self.channelHours = channelHours
        self.afterHours = afterHours
    }
}

/// Where a center's branches go when it is dark or draining.
public struct DisasterRecoveryPlan: Sendable, Equatable, Codable {
    public enum Sharing: String, Sendable, Equatable, Codable {
        /// Among the centers of `order`, in proportion to their spare capacity on the channel.
        case spareCapacity = "spare-capacity"
        /// Among the centers of `order`, in proportion to `weights`.
        case weights
    }

    public var sharing: Sharing
    /// The backup centers, most preferred first; empty means every other center.
    public var order: [String]
    /// For `.weights`: relative shares by center id; a center missing here gets none.
    public var weights: [String: Int]

    public init(sharing: Sharing = .spareCapacity, order: [String] = [], weights: [String: Int] = [:]) {
        self.sharing = sharing
        self.order = order
        self.weights = weights
    }
}

/// Thresholds and timings of routing, in the units their names say.
public struct RoutingPolicy: Sendable, Equatable, Codable {
    /// Overflow starts when the home queue's oldest contact has waited this long...
    public var overflowOldestWaitMs: Int = 60_000
    /// ...or when this many contacts wait in it.
    public var overflowQueueLength: Int = 50
    /// An offer not accepted in this time goes back to the queue.
    public var offerTimeoutMs: Int = 20_000
    /// A contact waiting longer than this is abandoned.
    public var patienceMs: Int = 600_000
    /// T of the service level: answered within this counts as on time.
    public var serviceLevelThresholdMs: Int = 20_000
    /// Assumed handle time per channel until measured figures exist.
    public var averageHandleMs: [Channel: Int] = [.voice: 120_000, .chat: 300_000, .sms: 60_000, .email: 600_000, .callback: 180_000]
    /// SMS to a dark center is paused and the customer is told to use chat.
    public var smsBecomesChatWhenDark: Bool = true
    /// Failback: a recovering center gets this share of its own traffic per step, in percent.
    public var failbackStepsPercent: [Int] = [10, 25, 50, 100]

    public init() {}
}

/// A topology file may leave out any policy field; it takes the default.
extension RoutingPolicy {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RoutingPolicy()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        overflowOldestWaitMs = try value(.overflowOldestWaitMs, defaults.overflowOldestWaitMs)
        overflowQueueLength = try value(.overflowQueueLength, defaults.overflowQueueLength)
        offerTimeoutMs = try value(.offerTimeoutMs, defaults.offerTimeoutMs)
        patienceMs = try value(.patienceMs, defaults.patienceMs)
        serviceLevelThresholdMs = try value(.serviceLevelThresholdMs, defaults.serviceLevelThresholdMs)
        averageHandleMs = try value(.averageHandleMs, defaults.averageHandleMs)
        smsBecomesChatWhenDark = try value(.smsBecomesChatWhenDark, defaults.smsBecomesChatWhenDark)
        failbackStepsPercent = try value(.failbackStepsPercent, defaults.failbackStepsPercent)
    }
}

extension CenterSpec {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? id
        region = try container.decodeIfPresent(String.self, forKey: .region) ?? ""
        branches = try container.decode([String].self, forKey: .branches)
        agentCapacity = try container.decode([Channel: Int].self, forKey: .agentCapacity)
        preferredLeader = try container.decodeIfPresent(Bool.self, forKey: .preferredLeader) ?? false
        disasterRecovery =
            try container.decodeIfPresent(DisasterRecoveryPlan.self, forKey: .disasterRecovery) ?? DisasterRecoveryPlan()
        hours = try container.decodeIfPresent(OpeningHours.self, forKey: .hours)
        channelHours = try container.decodeIfPresent([Channel: OpeningHours].self, forKey: .channelHours) ?? [:]
        afterHours = try container.decodeIfPresent(AfterHoursRule.self, forKey: .afterHours) ?? .plan
    }
}

extension DisasterRecoveryPlan {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sharing = try container.decodeIfPresent(Sharing.self, forKey: .sharing) ?? .spareCapacity
        order = try container.decodeIfPresent([String].self, forKey: .order) ?? []
        weights = try container.decodeIfPresent([String: Int].self, forKey: .weights) ?? [:]
    }
}
