/// Where the node is in starting up, for the "ready" verdict.
public struct Readiness: Sendable, Equatable {
    /// The commit index read from storage at start; applying up to it means the log has been replayed.
    public var commitIndexAtStart: UInt64
    /// The loop runs and the client endpoint accepts requests.
    public var serving: Bool

    public init(commitIndexAtStart: UInt64, serving: Bool) {
        self.commitIndexAtStart = commitIndexAtStart
        self.serving = serving
    }
}
