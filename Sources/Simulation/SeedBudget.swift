/// The seeds CI runs: a fixed set per fault profile, so that a failure names a seed that replays
/// anywhere. `INTERFLOW_SIM_SEEDS` scales it up for soaks (for example 10000).
public struct SeedBudget: Sendable {
    public struct Share: Sendable {
        public var profileName: String
        public var seeds: ClosedRange<UInt64>
    }

    public var shares: [Share]
    public var faultTicks: Int

    /// `total` seeds split over the profiles: most go to chaos, every profile gets some.
    public init(total: Int, faultTicks: Int = 3_000) {
        let weights = [("chaos", 4), ("storm", 2), ("unreliable", 1), ("figure8", 1)]
        let weightSum = weights.reduce(0) { $0 + $1.1 }
        shares = weights.map { name, weight in
            let count = UInt64(max(1, total * weight / weightSum))
            return Share(profileName: name, seeds: 1...count)
        }
        self.faultTicks = faultTicks
    }

    public static let ciTotalSeeds = 320

    /// CI's budget, or the soak size `INTERFLOW_SIM_SEEDS` asks for.
    public static func fromEnvironment(_ value: String?) -> SeedBudget {
        SeedBudget(total: value.flatMap(Int.init).map { max(1, $0) } ?? ciTotalSeeds)
    }

    public var total: Int { shares.reduce(0) { $0 + $1.seeds.count } }

    /// Every seed of the budget, taking the profiles in turn, so that a search stops early.
    public var interleaved: [(profileName: String, seed: UInt64)] {
        let longest = shares.map(\.seeds.count).max() ?? 0
        return (0..<UInt64(longest)).flatMap { offset in
            shares.filter { offset < UInt64($0.seeds.count) }.map { ($0.profileName, $0.seeds.lowerBound + offset) }
        }
    }

    public func options(profile: String, seed: UInt64) -> SimulationOptions {
        SimulationOptions(seed: seed, nodeCount: 5, faultTicks: faultTicks, profileName: profile)
    }
}
