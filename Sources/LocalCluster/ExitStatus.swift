/// How a node process ended, as `waitpid` reports it.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(code: Int32)
    case signaled(signal: Int32)
    /// The process is gone but was not our child (a cluster started by another clusterctl run),
    /// so its status went to whoever reaped it.
    case unknown

    /// Decodes a raw `waitpid` status; Glibc's W* macros are not visible to Swift.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "was killed by signal \(signal)"
        case .unknown: "is no longer running (its exit status went to the process that started it)"
        }
    }
}
