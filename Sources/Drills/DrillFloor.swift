import ContactCenter
import Foundation
import Synchronization

/// A simulated floor running beside a drill on a thread of its own, until the drill stops it.
final class DrillFloor: Sendable {
    private let stopping = Mutex(false)
    private let done = DispatchSemaphore(value: 0)
    private let absent = Mutex<Set<String>>([])
    private let outcome = Mutex<(tally: FloorSimulation.Tally?, placements: [FloorSimulation.Placement], error: String?)>((nil, [], nil))

    /// Starts `plan` on `topology`; its contacts flow until `stop`.
    init(directory: String, plan: FloorPlan, topology: Topology) {
        let thread = Thread { [self] in
            do {
                let simulation = try FloorSimulation(
                    directory: directory, plan: plan, topology: topology, record: nil, progress: { _ in },
                    interrupted: { self.stopping.withLock { $0 } }, absentCenters: { self.absent.withLock { $0 } })
                let tally = try simulation.run()
                outcome.withLock { $0 = (tally, simulation.placements, nil) }
            } catch {
                outcome.withLock { $0.error = "\(error)" }
            }
            done.signal()
        }
        thread.name = "drill-floor"
        thread.start()
    }

    /// The floor's agents at these centers go home as they come free (staff-absent), and come back
    /// once the set is emptied.
    func setAbsent(_ centers: Set<String>) {
        absent.withLock { $0 = centers }
    }

    /// Stops the floor and returns what it did (bounded wait).
    func stop() -> (tally: FloorSimulation.Tally?, placements: [FloorSimulation.Placement], error: String?) {
        stopping.withLock { $0 = true }
        _ = done.wait(timeout: .now() + .seconds(10))
        return outcome.withLock { $0 }
    }

    /// The first contact of `center`'s branches placed at another center at or after `sinceMs`.
    static func firstServedElsewhere(
        _ placements: [FloorSimulation.Placement], center: String, topology: Topology, sinceMs: Int64
    ) -> FloorSimulation.Placement? {
        let branches = Set(topology.center(center)?.branches ?? [])
        return placements.first { $0.atMs >= sinceMs && branches.contains($0.branch) && $0.center != center }
    }
}
