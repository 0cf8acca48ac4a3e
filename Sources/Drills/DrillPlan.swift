import Foundation
import Yams

/// A drill as an experiment (Deploy/drills/ has examples; docs/DRILLS.md the schema): a fault with
/// its blast radius and duration, a steady-state hypothesis checked before, during and after, abort
/// conditions checked all the time, and load so that the report has real figures.
public struct DrillPlan: Sendable, Equatable, Codable {
    public var name: String
    public var description: String?
    public var fault: DrillFaultSpec
    /// How long the fault stays before the drill removes it (1 s to 10 min).
    public var durationMs: Int
    public var hypothesis: SteadyState
    public var abort: AbortConditions
    public var load: DrillLoadSpec
    /// After the fault is removed, how long the steady state may take to come back before the
    /// verdict is "deviated" (1 s to 10 min).
    public var recoveryTimeoutMs: Int
    /// Whether to go on observing, within `recoveryTimeoutMs`, until every target center is up
    /// again (its failback steps done), so that the timeline shows them.
    public var waitForFailback: Bool

    public init(
        name: String, description: String? = nil, fault: DrillFaultSpec, durationMs: Int, hypothesis: SteadyState = SteadyState(),
        abort: AbortConditions = AbortConditions(), load: DrillLoadSpec = DrillLoadSpec(), recoveryTimeoutMs: Int = 60_000,
        waitForFailback: Bool = false
    ) {
        self.waitForFailback = waitForFailback
        self.name = name
        self.description = description
        self.fault = fault
        self.durationMs = durationMs
        self.hypothesis = hypothesis
        self.abort = abort
        self.load = load
        self.recoveryTimeoutMs = recoveryTimeoutMs
    }

    /// Reads a plan from JSON or YAML (by the file's extension, else by its first character).
    public static func load(path: String) throws -> DrillPlan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DrillError.plan(path, "cannot be read: \(error.localizedDescription)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let isJSON = path.hasSuffix(".json") || (!path.hasSuffix(".yaml") && !path.hasSuffix(".yml") && text.first { !$0.isWhitespace } == "{")
        let plan: DrillPlan
        do {
            plan = isJSON ? try JSONDecoder().decode(DrillPlan.self, from: data) : try YAMLDecoder().decode(DrillPlan.self, from: text)
        } catch let error as DecodingError {
            throw DrillError.plan(path, DrillError.describe(error))
        } catch {
            throw DrillError.plan(path, "\(error)")
        }
        if let problem = plan.problem { throw DrillError.plan(path, problem) }
        return plan
    }

    /// The first thing wrong with the plan, naming the field.
    public var problem: String? {
        if name.isEmpty || name.count > 64 { return "name: must be 1 to 64 characters" }
        if !(1_000...600_000).contains(durationMs) { return "durationMs: must be 1000 to 600000" }
        if !(1_000...600_000).contains(recoveryTimeoutMs) { return "recoveryTimeoutMs: must be 1000 to 600000" }
        if let problem = fault.problem { return "fault.\(problem)" }
        if let level = hypothesis.minServiceLevel, !(0...1).contains(level) { return "hypothesis.minServiceLevel: must be 0 to 1" }
        if let level = abort.minServiceLevel, !(0...1).contains(level) { return "abort.minServiceLevel: must be 0 to 1" }
        if let wait = hypothesis.maxOldestWaitMs, wait < 0 { return "hypothesis.maxOldestWaitMs: must be 0 or more" }
        if let wait = abort.maxOldestWaitMs, wait < 0 { return "abort.maxOldestWaitMs: must be 0 or more" }
        if let ms = abort.maxNoQuorumMs, ms < 0 { return "abort.maxNoQuorumMs: must be 0 or more" }
        if !(0...DrillLoadSpec.maxWritesPerSecond).contains(load.ticketAppendsPerSecond) {
            return "load.ticketAppendsPerSecond: must be 0 to \(DrillLoadSpec.maxWritesPerSecond)"
        }
        if load.contactsPerHourPerBranch != 0 {
            if load.topology == nil { return "load.topology: simulated contacts need the topology file the cluster runs" }
            if let problem = load.floor(seed: 1, durationMs: durationMs)?.problem(branches: 1) {
                return "load." + problem.dropFirst(2).replacingOccurrences(of: "arrivals-per-hour", with: "contactsPerHourPerBranch")
                    .replacingOccurrences(of: "agents-per-center", with: "agentsPerCenter").replacingOccurrences(of: "handle-ms", with: "handleMs")
            }
        }
        return nil
    }
}

/// What breaks, and where: the blast radius is the centers and nodes named here.
public struct DrillFaultSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The center's node is cut off (its peers and clients hear nothing) while it runs.
        case centerBlackout = "center-blackout"
        /// Wuhan 2020: the node runs, every agent of the center logs off.
        case staffAbsent = "staff-absent"
        /// kill -9 of the leader's process (local clusters).
        case leaderKill = "leader-kill"
        /// kill -9 of the center's node (local clusters).
        case centerKill = "center-kill"
        /// SIGSTOP of the center's node, SIGCONT at the end (local clusters).
        case pause
        /// The named centers' nodes cut off from all the others.
        case partition
        /// The backup center refuses the center's overflow: the route between them is broken.
        case brokenRoute = "broken-route"
        /// Two centers' nodes cut off at once.
        case twoCentersDark = "two-centers-dark"
        /// The center's node waits `delayMs` before each write to its log.
        case slowDisk = "slow-disk"
        /// The center's node holds every message to its peers `delayMs` longer.
        case linkDelay = "link-delay"
    }

    public var kind: Kind
    /// The centers the fault hits: one for most kinds, two for `two-centers-dark`, one or more for
    /// `partition`; for `broken-route` the center whose overflow is refused. Empty for `leader-kill`.
    public var centers: [String]
    /// `broken-route`: the backup center that refuses.
    public var backup: String?
    /// `slow-disk` and `link-delay`.
    public var delayMs: Int?

    public init(kind: Kind, centers: [String] = [], backup: String? = nil, delayMs: Int? = nil) {
        self.kind = kind
        self.centers = centers
        self.backup = backup
        self.delayMs = delayMs
    }

    var problem: String? {
        switch kind {
        case .leaderKill:
            if !centers.isEmpty { return "centers: leader-kill hits whichever node leads; name no center" }
        case .twoCentersDark:
            if Set(centers).count != 2 { return "centers: two-centers-dark needs two different centers" }
        case .partition:
            if centers.isEmpty { return "centers: a partition needs the centers to cut off" }
        case .brokenRoute:
            if centers.count != 1 || backup == nil { return "centers and backup: broken-route needs one center and its backup" }
        case .slowDisk, .linkDelay:
            if centers.count != 1 { return "centers: \(kind.rawValue) needs one center" }
            guard let delayMs, (1...10_000).contains(delayMs) else { return "delayMs: must be 1 to 10000" }
        case .centerBlackout, .staffAbsent, .centerKill, .pause:
            if centers.count != 1 { return "centers: \(kind.rawValue) needs one center" }
        }
        return nil
    }
}

/// What must hold before, during (outside the blast radius) and after the drill.
public struct SteadyState: Sendable, Equatable, Codable {
    /// A leader and a quorum (the default).
    public var quorum: Bool
    /// The lowest service level of any center outside the blast radius with traffic (0 to 1).
    public var minServiceLevel: Double?
    /// The longest the oldest waiting contact of any center outside the blast radius may wait.
    public var maxOldestWaitMs: Int64?

    public init(quorum: Bool = true, minServiceLevel: Double? = nil, maxOldestWaitMs: Int64? = nil) {
        self.quorum = quorum
        self.minServiceLevel = minServiceLevel
        self.maxOldestWaitMs = maxOldestWaitMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        quorum = try container.decodeIfPresent(Bool.self, forKey: .quorum) ?? true
        minServiceLevel = try container.decodeIfPresent(Double.self, forKey: .minServiceLevel)
        maxOldestWaitMs = try container.decodeIfPresent(Int64.self, forKey: .maxOldestWaitMs)
    }
}

/// Checked on every observation while the fault is in place; the first breach removes the fault
/// at once and the verdict is "aborted".
public struct AbortConditions: Sendable, Equatable, Codable {
    /// The longest the cluster may be without a leader.
    public var maxNoQuorumMs: Int64?
    public var minServiceLevel: Double?
    public var maxOldestWaitMs: Int64?

    public init(maxNoQuorumMs: Int64? = 10_000, minServiceLevel: Double? = nil, maxOldestWaitMs: Int64? = nil) {
        self.maxNoQuorumMs = maxNoQuorumMs
        self.minServiceLevel = minServiceLevel
        self.maxOldestWaitMs = maxOldestWaitMs
    }
}

/// The load a drill drives itself, so that its report measures writes that really were acknowledged
/// and service levels of contacts really answered.
public struct DrillLoadSpec: Sendable, Equatable, Codable {
    public static let maxWritesPerSecond = 2_000

    /// Appends a second to a few drill tickets, each acknowledged append recorded for the audit.
    public var ticketAppendsPerSecond: Int
    /// Simulated customers: contacts an hour at each branch, on voice (0 for none). Needs `topology`.
    public var contactsPerHourPerBranch: Int
    /// Simulated agents logged in at every center while contacts flow.
    public var agentsPerCenter: Int
    /// The simulated agents' mean handle time.
    public var handleMs: Int
    /// The topology file the cluster runs, for its branches and centers.
    public var topology: String?

    public init(
        ticketAppendsPerSecond: Int = 50, contactsPerHourPerBranch: Int = 0, agentsPerCenter: Int = 3, handleMs: Int = 3_000,
        topology: String? = nil
    ) {
        self.ticketAppendsPerSecond = ticketAppendsPerSecond
        self.contactsPerHourPerBranch = contactsPerHourPerBranch
        self.agentsPerCenter = agentsPerCenter
        self.handleMs = handleMs
        self.topology = topology
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DrillLoadSpec()
        ticketAppendsPerSecond = try container.decodeIfPresent(Int.self, forKey: .ticketAppendsPerSecond) ?? defaults.ticketAppendsPerSecond
        contactsPerHourPerBranch = try container.decodeIfPresent(Int.self, forKey: .contactsPerHourPerBranch) ?? defaults.contactsPerHourPerBranch
        agentsPerCenter = try container.decodeIfPresent(Int.self, forKey: .agentsPerCenter) ?? defaults.agentsPerCenter
        handleMs = try container.decodeIfPresent(Int.self, forKey: .handleMs) ?? defaults.handleMs
        topology = try container.decodeIfPresent(String.self, forKey: .topology)
    }

    /// The simulated floor, when contacts flow.
    func floor(seed: UInt64, durationMs: Int) -> FloorPlan? {
        guard contactsPerHourPerBranch > 0 else { return nil }
        return FloorPlan(
            seed: seed, arrivalsPerHourPerBranch: [.voice: Double(contactsPerHourPerBranch)], agentsPerCenter: agentsPerCenter,
            handleMs: handleMs, wrapUpMs: 200, durationMs: durationMs)
    }
}

extension DrillPlan {
    /// A plan file may leave out the hypothesis (a quorum), the abort conditions (none), the load
    /// (50 appends a second), the recovery timeout (60 s) and the wait for failback (no).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        fault = try container.decode(DrillFaultSpec.self, forKey: .fault)
        durationMs = try container.decode(Int.self, forKey: .durationMs)
        hypothesis = try container.decodeIfPresent(SteadyState.self, forKey: .hypothesis) ?? SteadyState()
        abort = try container.decodeIfPresent(AbortConditions.self, forKey: .abort) ?? AbortConditions(maxNoQuorumMs: nil)
        load = try container.decodeIfPresent(DrillLoadSpec.self, forKey: .load) ?? DrillLoadSpec()
        recoveryTimeoutMs = try container.decodeIfPresent(Int.self, forKey: .recoveryTimeoutMs) ?? 60_000
        waitForFailback = try container.decodeIfPresent(Bool.self, forKey: .waitForFailback) ?? false
    }
}
