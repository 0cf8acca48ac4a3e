import Foundation

/// Finds the center-node executable: the path given, else `INTERFLOW_CENTER_NODE`, else next to the
/// running executable (clusterctl and the test bundles are built beside it), else the current
/// directory's `.build/debug` or `.build/release`.
public enum CenterNodeLocator {
    public static let environmentVariable = "INTERFLOW_CENTER_NODE"
    static let executableName = "center-node"

    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executableDirectory: String? = runningExecutableDirectory(),
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(LocalClusterError) -> String {
        // A path the user named must be right; falling back silently would run another build.
        if let named = explicit ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            let path = absolute(named, from: currentDirectory)
            guard isExecutableFile(path) else { throw .centerNodeNotExecutable(path: path) }
            return path
        }
        let folders =
            (executableDirectory.map { [$0] } ?? [])
            + [".build/debug", ".build/release"].map { absolute($0, from: currentDirectory) }
        let candidates = folders.map { URL(fileURLWithPath: $0).appendingPathComponent(executableName).path }
        guard let found = candidates.first(where: isExecutableFile) else {
            throw .centerNodeNotFound(searched: candidates)
        }
        return found
    }

    /// The folder of the executable this process runs (clusterctl, or a test runner).
    public static func runningExecutableDirectory() -> String? {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath
        return path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    static func absolute(_ path: String, from directory: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardized.path
    }
}
