/// A member of the cluster: one center's node. Zero is never a valid id.
public typealias NodeID = UInt64
/// A Raft term (§5.1): a logical clock that only grows.
public typealias Term = UInt64
/// A position in the replicated log, counted from 1; 0 means "before the first entry".
public typealias LogIndex = UInt64

/// SplitMix64: the core's only source of randomness is one of these, seeded by its shell,
/// so that a simulation run replays exactly from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
