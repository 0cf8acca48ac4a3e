import Foundation

/// Which build runs, for `interflow_build_info` and `--version`.
public enum BuildInfo {
    public static let version = "0.15.0"
    /// The commit the binary was built from, when the build said (the Containerfile and the
    /// install script set `INTERFLOW_BUILD_COMMIT`); "unknown" otherwise.
    public static let commit: String = {
        guard let value = getenv("INTERFLOW_BUILD_COMMIT").map({ String(cString: $0) }), !value.isEmpty else { return "unknown" }
        return String(value.prefix(40))
    }()
}
