import CenterState
import ClientAPI
import ContactCenter

/// The centers' status and service figures for `cluster.status` and the metrics, recomputed on the
/// loop's thread at most once a second and only when something was applied since: the figures read
/// the model's queue index, so they are cheap, and the model's clock moves once a second anyway.
final class CenterFiguresCache {
    static let refreshInterval: Duration = .seconds(1)

    /// The latest figures computed, nil until a topology is loaded.
    private(set) var records: [CenterStatusRecord]?

    /// For `cluster.status`: each center's status as applied now (an SRE who just ran
    /// `center blackout` must see it dark), with the figures of the last refresh.
    func current(_ model: ContactCenterState?) -> [CenterStatusRecord]? {
        guard let model else { return nil }
        return records.map { model.centerStatusRecords(figuresOf: $0) } ?? model.centerStatusRecords()
    }
    private var refreshedAt: ContinuousClock.Instant?
    private var refreshedAtIndex: UInt64?

    /// The new figures when they were due and recomputed; nil otherwise.
    func refreshIfDue(_ model: ContactCenterState?, appliedIndex: UInt64, now: ContinuousClock.Instant = .now) -> [CenterStatusRecord]? {
        guard let model, refreshedAtIndex != appliedIndex else { return nil }
        if let refreshedAt, refreshedAt.duration(to: now) < Self.refreshInterval { return nil }
        refreshedAt = now
        refreshedAtIndex = appliedIndex
        records = model.centerStatusRecords()
        return records
    }
}
