/// Whether a `TestCluster`'s folder (configs, keys, data, logs) survives `shutdown()`.
public enum KeepDirectory: String, Sendable, Equatable {
    case never
    /// Kept when the cluster failed to start, an operation threw, or `markFailed()` was called.
    case onFailure = "on-failure"
    case always

    /// Lets a developer keep folders without editing tests: never, on-failure or always.
    public static let environmentVariable = "INTERFLOW_KEEP_TEST_CLUSTERS"
}
