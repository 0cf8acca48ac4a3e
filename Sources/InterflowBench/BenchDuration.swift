/// Unit conversions for the figures: latencies are recorded in whole microseconds (the
/// histograms' unit) and printed in milliseconds.
extension Duration {
    var wholeMicroseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }

    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Microseconds as milliseconds, rounded to 0.01 ms, which is below the figures' noise.
func milliseconds(_ microseconds: UInt64) -> Double {
    (Double(microseconds) / 10).rounded() / 100
}
