/// The run-time label state of ``NodeMetrics``, kept together so one lock guards it.
struct LabelBudgets: Sendable {
    var peers: LabelBudget
    var ops: LabelBudget
    var results: LabelBudget
    var reasons: LabelBudget
    var dropTotals: CumulativeDeltas

    init(limit: Int) {
        peers = LabelBudget(limit: limit)
        ops = LabelBudget(limit: limit)
        results = LabelBudget(limit: limit)
        reasons = LabelBudget(limit: limit)
        // Room for the admitted reasons and as many folded ones, so "other" stays accurate in practice.
        dropTotals = CumulativeDeltas(capacity: 2 * limit)
    }
}
