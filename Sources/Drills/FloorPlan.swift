import ContactCenter
import Foundation

/// What `clusterctl load` simulates: customers arriving at every branch (Poisson, per channel, with
/// a segment mix) and agents at every center answering them (a handle time, then wrap-up), seeded
/// so that a run can be repeated.
public struct FloorPlan: Sendable, Equatable {
    public var seed: UInt64
    /// Contacts an hour at each branch, per channel.
    public var arrivalsPerHourPerBranch: [Channel: Double]
    /// Percent of contacts per segment; the rest are `normal`.
    public var segmentPercent: [Segment: Int]
    public var agentsPerCenter: Int
    /// The skills every simulated agent has; each contact asks for one of them at random.
    public var skills: [String]
    /// Mean handle time (exponential), per contact.
    public var handleMs: Int
    public var wrapUpMs: Int
    /// Stops after this long, or after `contacts` arrivals, whichever comes first.
    public var durationMs: Int
    public var contacts: Int?

    public static let maxAgentsPerCenter = 500
    public static let maxArrivalsPerSecond = 2_000.0

    public init(
        seed: UInt64 = 1, arrivalsPerHourPerBranch: [Channel: Double], segmentPercent: [Segment: Int] = [.emergency: 2, .greenChannel: 10],
        agentsPerCenter: Int = 5, skills: [String] = ["general"], handleMs: Int = 30_000, wrapUpMs: Int = 5_000, durationMs: Int = 60_000,
        contacts: Int? = nil
    ) {
        self.skills = skills
        self.seed = seed
        self.arrivalsPerHourPerBranch = arrivalsPerHourPerBranch
        self.segmentPercent = segmentPercent
        self.agentsPerCenter = agentsPerCenter
        self.handleMs = handleMs
        self.wrapUpMs = wrapUpMs
        self.durationMs = durationMs
        self.contacts = contacts
    }

    /// Every branch's arrivals a second together.
    public func arrivalsPerSecond(branches: Int) -> Double {
        arrivalsPerHourPerBranch.values.reduce(0, +) * Double(branches) / 3_600
    }

    /// The first thing wrong, naming the option.
    public func problem(branches: Int) -> String? {
        if arrivalsPerHourPerBranch.values.contains(where: { !($0 >= 0 && $0.isFinite) }) { return "--arrivals-per-hour: must be 0 or more" }
        let rate = arrivalsPerSecond(branches: branches)
        if rate <= 0 { return "--arrivals-per-hour: no contact would ever arrive" }
        if rate > Self.maxArrivalsPerSecond { return "--arrivals-per-hour: \(Int(rate)) contacts a second over \(branches) branches is over the \(Int(Self.maxArrivalsPerSecond)) this tool drives" }
        if segmentPercent.values.contains(where: { $0 < 0 }) || segmentPercent.values.reduce(0, +) > 100 {
            return "--segments: the percentages must be 0 or more and add up to at most 100"
        }
        if !(0...Self.maxAgentsPerCenter).contains(agentsPerCenter) { return "--agents-per-center: must be 0 to \(Self.maxAgentsPerCenter)" }
        if skills.isEmpty || skills.count > 16 || skills.contains(where: { $0.isEmpty || $0.count > 64 }) {
            return "--skills: 1 to 16 skills of 1 to 64 characters"
        }
        if !(1...3_600_000).contains(handleMs) { return "--handle-ms: must be 1 to 3600000" }
        if !(0...3_600_000).contains(wrapUpMs) { return "--wrap-up-ms: must be 0 to 3600000" }
        if !(1_000...86_400_000).contains(durationMs) { return "--duration: must be 1s to 24h" }
        if let contacts, contacts < 1 { return "--contacts: must be 1 or more" }
        return nil
    }
}

/// Draws what happens next on the floor, from one seed.
struct FloorDice {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// Uniform in (0, 1].
    mutating func unit() -> Double { Double(generator.next() >> 11 &+ 1) / Double(1 << 53) }

    /// An exponential wait with this mean, in milliseconds.
    mutating func exponentialMs(meanMs: Double) -> Double { -log(unit()) * meanMs }

    /// One item in proportion to its weight.
    mutating func weighted<T>(_ items: [(T, Double)]) -> T? {
        let total = items.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        var point = unit() * total
        for (item, weight) in items {
            point -= weight
            if point <= 0 { return item }
        }
        return items.last?.0
    }

    mutating func segment(_ percent: [Segment: Int]) -> Segment {
        var roll = Int(unit() * 100)
        for segment in [Segment.emergency, .greenChannel] {
            roll -= percent[segment] ?? 0
            if roll < 0 { return segment }
        }
        return .normal
    }
}
