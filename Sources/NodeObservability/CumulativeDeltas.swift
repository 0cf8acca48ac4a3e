/// Turns cumulative totals reported per key into increments for a Prometheus counter.
///
/// The node keeps its own running totals (for example frames dropped per reason) and reports them
/// as they are; a counter needs the growth since the last report.
struct CumulativeDeltas: Sendable {
    /// Bounds the memory a source with ever-new keys can take; reports for keys past it are ignored,
    /// which under-counts rather than counting anything twice.
    let capacity: Int
    private var lastTotals: [String: UInt64] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The amount to add to the counter for `key`, or nil when the key is past capacity.
    mutating func delta(for key: String, total: UInt64) -> UInt64? {
        guard let last = lastTotals[key] else {
            guard lastTotals.count < capacity else { return nil }
            lastTotals[key] = total
            return total
        }
        lastTotals[key] = total
        // A lower total means the source restarted its count, so all of it is new.
        return total >= last ? total - last : total
    }
}
