/// Admits at most `limit` distinct values of one label and folds later newcomers into ``overflow``.
///
/// Every distinct label value is a new time series in Prometheus; values that come from peers or clients
/// must not be able to grow the exposition (and the scraper's storage) without bound.
struct LabelBudget: Sendable {
    static let overflow = "other"
    /// Long values are cut so that a bounded number of values is also a bounded number of bytes.
    static let maxValueLength = 64

    let limit: Int
    private var admitted: Set<String> = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func admit(_ value: String) -> String {
        let value = String(value.prefix(Self.maxValueLength))
        if admitted.contains(value) { return value }
        guard admitted.count < limit else { return Self.overflow }
        admitted.insert(value)
        return value
    }
}
