/// Why a frame was dropped. The node counts drops by `reason` in its metrics.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case oversized(byteCount: Int, limit: Int)
    case unsupportedVersion(UInt8)
    case unknownType(UInt8)
    case malformed(String)

    /// A short, stable label for metrics.
    public var reason: String {
        switch self {
        case .oversized: "oversized"
        case .unsupportedVersion: "version"
        case .unknownType: "unknown_type"
        case .malformed: "malformed"
        }
    }

    public var description: String {
        switch self {
        case .oversized(let count, let limit): "frame of \(count) bytes is over the \(limit)-byte limit"
        case .unsupportedVersion(let version): "frame version \(version) is not supported"
        case .unknownType(let type): "frame type \(type) is unknown"
        case .malformed(let detail): "malformed frame: \(detail)"
        }
    }
}
