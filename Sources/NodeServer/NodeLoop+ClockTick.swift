import CenterState
import ContactCenter
import Foundation

extension NodeLoop {
    /// The contact-center model has no clock: the leader commits a `tick` entry once a second,
    /// stamped with its time, and offers that time out, patience and failback steps run on it.
    static let clockTickIntervalMs = 1_000

    func proposeClockTickIfDue() throws {
        guard driver.core.role == .leader, state.contactCenter != nil else { return }
        let now = ContinuousClock.now
        if let last = lastClockTickAt, last.duration(to: now) < .milliseconds(Self.clockTickIntervalMs) { return }
        lastClockTickAt = now
        clockTicksProposed += 1
        let command = Command(
            client: "system:node-\(config.id)", requestId: "tick-\(driver.core.term)-\(clockTicksProposed)",
            author: "system", atMs: Int64(Date().timeIntervalSince1970 * 1000), action: .contactCenter(.tick))
        // A refused tick (too many uncommitted entries) is simply the next second's to make.
        _ = try driver.perform { $0.propose(command.encoded) }
    }
}
