import Foundation

/// Runs the deployment tools the tests check our files with (promtool, systemd-analyze, python3),
/// with a bounded wait, and finds the repository's files from this file's place in it.
enum ExternalTool {
    struct Outcome {
        var status: Int32
        /// stdout and stderr, interleaved.
        var output: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String {
        repository.appendingPathComponent(relative).path
    }

    /// The tool's absolute path when it is on PATH (or at an absolute path given), else nil.
    static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the tool to its end, killing it after `timeoutSeconds`. Throws when it cannot start.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, timeoutSeconds: Int = 60
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Read on another thread while it runs, so a chatty tool never blocks on a full pipe and a
        // hung one is still killed at its deadline.
        let reader = output.fileHandleForReading
        let collected = Collected()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            collected.data = reader.readDataToEndOfFile()
            drained.signal()
        }
        if finished.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = drained.wait(timeout: .now() + 5)
            return Outcome(status: -1, output: "killed after \(timeoutSeconds) s\n" + collected.text)
        }
        _ = drained.wait(timeout: .now() + 5)
        return Outcome(status: process.terminationStatus, output: collected.text)
    }

    /// Written by the reading thread before it signals, read after the wait.
    private final class Collected: @unchecked Sendable {
        var data = Data()
        var text: String { String(decoding: data, as: UTF8.self) }
    }
}
