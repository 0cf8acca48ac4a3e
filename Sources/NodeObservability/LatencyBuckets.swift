/// Histogram bucket bounds in seconds, chosen around what each operation costs on the hardware we run:
/// an fsync on SSD is about 0.25 ms and a loopback round trip about 0.1 ms, while a WAN peer or a
/// struggling disk reaches whole seconds. Bounds outside these ranges only add empty series.
enum LatencyBuckets {
    static let fsync: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2,
    ]

    static let commit: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    static let peerRoundTrip: [Double] = [
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]

    static func seconds(fromMilliseconds milliseconds: Double) -> Double {
        // A clock step or a caller's bug must not put a negative sample into the sum.
        max(0, milliseconds / 1000)
    }
}
