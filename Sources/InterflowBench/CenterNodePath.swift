import Foundation

/// The center-node a benchmark runs. Not CenterNodeLocator's search: the environment variable or
/// the current folder's build could name a debug node for a release bench.
enum CenterNodePath {
    static func resolve(_ given: String?) throws -> String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path =
            given ?? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("center-node").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BenchError.centerNodeMissing(path) }
        return path
    }
}
