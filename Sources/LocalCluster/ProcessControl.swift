import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals and waits for node processes by the pids we recorded; never by name.
public enum ProcessControl {
    static let pollIntervalMs = 20
    /// After SIGKILL the kernel ends a process promptly; this only bounds the wait for it.
    static let killWaitMs = 5_000

    public enum StopOutcome: Sendable, Equatable, CustomStringConvertible {
        /// It ended after SIGTERM within the grace period.
        case terminated
        /// It outlived the grace period and was killed.
        case killed
        /// It had already ended before we signalled it.
        case alreadyExited(ExitStatus)
        /// The pid now belongs to another program, so it was left alone.
        case notOurs

        public var description: String {
            switch self {
            case .terminated: "stopped"
            case .killed: "killed after the grace period"
            case .alreadyExited(.unknown): "was not running"
            case .alreadyExited(let status): "had already ended: it \(status)"
            case .notOurs: "was not running (its pid now belongs to another program, left alone)"
            }
        }
    }

    /// The process's end if it has ended, reaping it when it is our child; nil while it runs.
    public static func exitStatus(pid: Int32) -> ExitStatus? {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { return ExitStatus(waitStatus: status) }
        if reaped == 0 { return nil }
        // ECHILD: another process started it (an earlier clusterctl run); only existence is knowable.
        return isRunning(pid: pid) ? nil : .unknown
    }

    /// Sends `signal` only if `pid` still runs our node; returns whether it was sent.
    @discardableResult
    public static func signal(_ signal: Int32, pid: Int32, identity: ProcessIdentity) -> Bool {
        guard identity.matches(pid: pid) else { return false }
        return kill(pid, signal) == 0
    }

    /// SIGTERM, up to `graceMs` for the process to end, then SIGKILL. Reaps our children.
    public static func stop(pid: Int32, identity: ProcessIdentity, graceMs: Int) -> StopOutcome {
        stopAll([(pid, identity)], graceMs: graceMs)[pid] ?? .notOurs
    }

    /// Stops several processes in one grace period: SIGTERM to all, wait, then SIGKILL the rest.
    public static func stopAll(
        _ processes: [(pid: Int32, identity: ProcessIdentity)], graceMs: Int
    ) -> [Int32: StopOutcome] {
        var outcomes: [Int32: StopOutcome] = [:]
        var signalled: [(pid: Int32, identity: ProcessIdentity)] = []
        for process in processes {
            if let status = exitStatus(pid: process.pid) {
                outcomes[process.pid] = .alreadyExited(status)
            } else if signal(SIGTERM, pid: process.pid, identity: process.identity) {
                // A paused (SIGSTOP) process would hold the SIGTERM pending until continued.
                signal(SIGCONT, pid: process.pid, identity: process.identity)
                signalled.append(process)
            } else {
                outcomes[process.pid] = exitStatus(pid: process.pid).map { .alreadyExited($0) } ?? .notOurs
            }
        }
        let survivors = waitForAll(signalled, timeoutMs: graceMs)
        for process in signalled where !survivors.contains(where: { $0.pid == process.pid }) {
            outcomes[process.pid] = .terminated
        }
        for process in survivors {
            signal(SIGKILL, pid: process.pid, identity: process.identity)
            outcomes[process.pid] = .killed
        }
        _ = waitForAll(survivors, timeoutMs: killWaitMs)
        return outcomes
    }

    /// The processes still running after up to `timeoutMs`.
    private static func waitForAll(
        _ processes: [(pid: Int32, identity: ProcessIdentity)], timeoutMs: Int
    ) -> [(pid: Int32, identity: ProcessIdentity)] {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(max(0, timeoutMs)))
        var running = processes
        while true {
            running.removeAll { exitStatus(pid: $0.pid) != nil }
            guard !running.isEmpty, ContinuousClock.now < deadline else { return running }
            usleep(useconds_t(pollIntervalMs * 1_000))
        }
    }

    /// Polls until the process ends or `timeoutMs` passes.
    public static func waitForExit(pid: Int32, timeoutMs: Int) -> ExitStatus? {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(max(0, timeoutMs)))
        while true {
            if let status = exitStatus(pid: pid) { return status }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(useconds_t(pollIntervalMs * 1_000))
        }
    }

    /// A zombie counts as ended: it runs nothing and only awaits its parent.
    static func isRunning(pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
            let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count
        else { return true }
        return stat[close + 2] != UInt8(ascii: "Z")
    }
}
