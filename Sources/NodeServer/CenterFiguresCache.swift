import CenterState
import ClientAPI
import ContactCenter
import Dispatch
import Synchronization

/// The centers' status and service figures for `cluster.status` and the metrics, recomputed at
/// most once a second and off the loop's thread: computing them walks every live contact once per
/// center and channel, which at 100,000 queued contacts would stall the 10 ms ticks. The model is
/// a Sendable value, so a copy of it can be read anywhere; its own clock moves only once a second,
/// so fresher figures would show nothing new.
final class CenterFiguresCache: Sendable {
    static let refreshInterval: Duration = .seconds(1)

    private struct State {
        var records: [CenterStatusRecord]?
        var startedAt: ContinuousClock.Instant?
        var startedAtIndex: UInt64?
        var computing = false
    }

    private let state = Mutex(State())

    /// The latest figures computed, nil until a topology is loaded.
    var records: [CenterStatusRecord]? { state.withLock { $0.records } }

    /// Starts a computation when the last one is a second old, finished, and something was applied
    /// since; `computed` gets the new figures on the computing thread.
    func refreshIfDue(
        _ model: @autoclosure () -> ContactCenterState?, appliedIndex: UInt64, now: ContinuousClock.Instant = .now,
        computed: @escaping @Sendable ([CenterStatusRecord]) -> Void
    ) {
        let due = state.withLock { state in
            if state.computing || state.startedAtIndex == appliedIndex { return false }
            if let startedAt = state.startedAt, startedAt.duration(to: now) < Self.refreshInterval { return false }
            state.startedAt = now
            state.startedAtIndex = appliedIndex
            state.computing = true
            return true
        }
        guard due else { return }
        guard let model = model() else {
            state.withLock { $0.computing = false }
            return
        }
        DispatchQueue.global(qos: .utility).async {
            let records = model.centerStatusRecords()
            self.state.withLock { state in
                state.records = records
                state.computing = false
            }
            computed(records)
        }
    }
}
