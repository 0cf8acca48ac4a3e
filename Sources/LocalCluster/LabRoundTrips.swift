/// Plausible round trips between the cities of the 2020 network over a bank's leased lines, in
/// milliseconds: about 1 ms per 100 km of fibre path there and back, plus switching. Neighbours
/// (Wuhan and Hefei, Guangzhou and Nanning) are near 20 ms; the far corners (Nanning and Beijing)
/// near 55 ms. The lab adds half of each round trip in each direction between two centers.
public enum LabRoundTrips {
    /// For a pair the table does not know (a center outside the 2020 network).
    public static let defaultMs = 40

    static let table: [Set<String>: Int] = {
        let pairs: [(String, String, Int)] = [
            ("chengdu", "wuhan", 28), ("chengdu", "guangzhou", 36), ("chengdu", "nanning", 30), ("chengdu", "hefei", 34),
            ("chengdu", "beijing", 42), ("chengdu", "shanghai", 44), ("chengdu", "zhengzhou", 30),
            ("wuhan", "guangzhou", 24), ("wuhan", "nanning", 30), ("wuhan", "hefei", 20), ("wuhan", "beijing", 32),
            ("wuhan", "shanghai", 26), ("wuhan", "zhengzhou", 20),
            ("guangzhou", "nanning", 20), ("guangzhou", "hefei", 30), ("guangzhou", "beijing", 48),
            ("guangzhou", "shanghai", 32), ("guangzhou", "zhengzhou", 34),
            ("nanning", "hefei", 36), ("nanning", "beijing", 54), ("nanning", "shanghai", 40), ("nanning", "zhengzhou", 38),
            ("hefei", "beijing", 30), ("hefei", "shanghai", 20), ("hefei", "zhengzhou", 22),
            ("beijing", "shanghai", 30), ("beijing", "zhengzhou", 24),
            ("shanghai", "zhengzhou", 28),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { (Set([$0.0, $0.1]), $0.2) })
    }()

    /// The round trip between two centers; `uniformMs` replaces the table for every pair.
    public static func between(_ first: String, _ second: String, uniformMs: Int? = nil) -> Int {
        if let uniformMs { return uniformMs }
        return table[Set([first, second])] ?? defaultMs
    }
}
