import ClientAPI
import Foundation
import Synchronization

/// The faults a drill injected into this node, each with its deadline on the monotonic clock. One
/// of each kind at a time: a new one replaces the old. Shared by the loop (which drops and delays
/// traffic by it) and the storage thread (which waits before a persist during `slow-disk`).
final class DrillFaults: Sendable {
    struct Fault: Sendable, Equatable {
        var kind: DrillFaultKind
        var endsAt: ContinuousClock.Instant
        var peers: Set<UInt64> = []
        var delayMs = 0
    }

    private let active = Mutex<[DrillFaultKind: Fault]>([:])

    func inject(_ args: FaultInjectArgs, now: ContinuousClock.Instant = .now) {
        precondition(args.problem == nil, "a fault is checked before it is injected")
        let fault = Fault(
            kind: args.kind, endsAt: now + .milliseconds(args.durationMs), peers: Set(args.peers ?? []), delayMs: args.delayMs ?? 0)
        active.withLock { $0[args.kind] = fault }
    }

    /// Ends `kind` (every kind when nil) at once.
    func clear(_ kind: DrillFaultKind?) {
        active.withLock { faults in
            if let kind { faults[kind] = nil } else { faults.removeAll() }
        }
    }

    /// Removes what has run out and returns it, for the log.
    func expire(now: ContinuousClock.Instant = .now) -> [DrillFaultKind] {
        active.withLock { faults in
            let ended = faults.values.filter { $0.endsAt <= now }.map(\.kind)
            for kind in ended { faults[kind] = nil }
            return ended.sorted { $0.rawValue < $1.rawValue }
        }
    }

    func list(now: ContinuousClock.Instant = .now) -> [ActiveFault] {
        active.withLock { faults in
            faults.values.filter { $0.endsAt > now }.sorted { $0.kind.rawValue < $1.kind.rawValue }.map { fault in
                let left = now.duration(to: fault.endsAt).components
                return ActiveFault(
                    kind: fault.kind, remainingMs: Int(left.seconds) * 1_000 + Int(left.attoseconds / 1_000_000_000_000_000),
                    peers: fault.kind == .partition ? fault.peers.sorted() : nil,
                    delayMs: fault.kind == .delay || fault.kind == .slowDisk ? fault.delayMs : nil)
            }
        }
    }

    private func current(_ kind: DrillFaultKind, now: ContinuousClock.Instant) -> Fault? {
        active.withLock { faults in faults[kind].flatMap { $0.endsAt > now ? $0 : nil } }
    }

    var isBlackout: Bool { current(.blackout, now: .now) != nil }

    /// When a pause ends; nil without one.
    var pausedUntil: ContinuousClock.Instant? { current(.pause, now: .now)?.endsAt }

    /// Whether traffic with `peer` is dropped now: a blackout, or a partition that names it.
    func cutsOff(_ peer: UInt64, now: ContinuousClock.Instant = .now) -> Bool {
        if current(.blackout, now: now) != nil { return true }
        return current(.partition, now: now)?.peers.contains(peer) ?? false
    }

    /// The added delay on peer links now, in milliseconds; 0 without one.
    func peerDelayMs(now: ContinuousClock.Instant = .now) -> Int { current(.delay, now: now)?.delayMs ?? 0 }

    /// The wait before a persist now, in milliseconds; 0 without a slow disk.
    func diskDelayMs(now: ContinuousClock.Instant = .now) -> Int { current(.slowDisk, now: now)?.delayMs ?? 0 }

    /// Called before each persist, on whichever thread runs it.
    func waitForSlowDisk() {
        let delayMs = diskDelayMs()
        if delayMs > 0 { Thread.sleep(forTimeInterval: Double(delayMs) / 1_000) }
    }
}
