import CenterState
import Foundation

extension NodeLoop {
    /// The contact-center model has no clock: the leader commits a `tick` entry once a second,
    /// stamped with its time, and offers that time out, patience and failback steps run on it.
    static let clockTickIntervalMs = 1_000

    func proposeClockTickIfDue() throws {
        guard driver.core.role == .leader, let model = state.contactCenter else { return }
        let now = ContinuousClock.now
        if let last = lastClockTickAt, last.duration(to: now) < .milliseconds(Self.clockTickIntervalMs) { return }
        lastClockTickAt = now
        try proposeSystemCommand(.contactCenter(.tick), named: "tick")
        try proposeCenterChanges(model)
    }

    /// A command of the leader's own, stamped with its time. Nobody waits on its answer: one refused
    /// (too many uncommitted entries) is simply the next second's to make.
    func proposeSystemCommand(_ action: Command.Action, named name: String) throws {
        systemCommandsProposed += 1
        let command = Command(
            client: "system:node-\(config.id)", requestId: "\(name)-\(driver.core.term)-\(systemCommandsProposed)",
            author: "system", atMs: Int64(Date().timeIntervalSince1970 * 1000), action: action)
        _ = try driver.perform { $0.propose(command.encoded) }
    }
}
