/// Deterministic choices among shares: a contact's id is mixed (splitmix64) into a bucket, so that
/// many contacts split in proportion to the weights, and every node picks alike for the same one.
enum Shares {
    static func bucket(_ id: UInt64, modulo: UInt64) -> UInt64 {
        precondition(modulo > 0, "a share needs at least one bucket")
        var mixer = SplitMix64(seed: id)
        return mixer.next() % modulo
    }

    /// The index whose cumulative weight covers the contact's bucket; weights are not all zero.
    static func pick(_ id: UInt64, weights: [Int]) -> Int {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        precondition(total > 0, "pick needs a positive weight")
        var bucket = Int(self.bucket(id, modulo: UInt64(total)))
        for (index, weight) in weights.enumerated() {
            if bucket < max(0, weight) { return index }
            bucket -= max(0, weight)
        }
        return weights.count - 1
    }
}
