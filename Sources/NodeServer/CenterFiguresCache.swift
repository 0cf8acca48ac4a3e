import CenterState
import ClientAPI
import ContactCenter

/// The centers' status and service figures, recomputed at most once a second. Computing them
/// walks every live contact once per center and channel, far too much for every 10 ms tick or
/// every `cluster.status`; and the model's own clock moves only once a second anyway.
struct CenterFiguresCache {
    static let refreshInterval: Duration = .seconds(1)

    private(set) var records: [CenterStatusRecord]?
    private var computedAt: ContinuousClock.Instant?
    private var computedAtIndex: UInt64?

    /// Recomputes when the figures are a second old and something was applied since; returns
    /// whether it did, so that metrics are set only when there is something new to set.
    mutating func refresh(
        _ model: @autoclosure () -> ContactCenterState?, appliedIndex: UInt64, now: ContinuousClock.Instant = .now
    ) -> Bool {
        if let computedAt, computedAt.duration(to: now) < Self.refreshInterval { return false }
        if computedAtIndex == appliedIndex { return false }
        computedAt = now
        computedAtIndex = appliedIndex
        records = model()?.centerStatusRecords()
        return records != nil
    }
}
