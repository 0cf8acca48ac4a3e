import ClusterConfig
import Foundation
import InterflowTesting
import Synchronization
import Testing

/// `center-node` run as an operator runs it, for its offline commands (`--force-new-cluster`,
/// `--backup-to`...): started as a process of its own, its output read while it runs, and killed
/// by its pid if it outlives its bound.
final class CenterNodeCommand {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
        /// Both streams, for failure messages.
        var transcript: String { "exit \(status)\n--- stdout:\n\(output)\n--- stderr:\n\(errors)" }
    }

    let arguments: [String]
    private let process: Process
    private let ended = DispatchSemaphore(value: 0)
    private let reading = DispatchGroup()
    private let texts = Texts()

    /// What each stream said, filled by the reading threads.
    final class Texts: Sendable {
        let streams = Mutex(["", ""])
    }

    /// Starts `center-node` (the executable `cluster` runs) with `arguments`; returns at once.
    init(_ cluster: TestCluster, _ arguments: [String]) throws {
        self.arguments = arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cluster.state.centerNode)
        process.arguments = arguments
        let pipes = [Pipe(), Pipe()]
        process.standardOutput = pipes[0]
        process.standardError = pipes[1]
        self.process = process
        let ended = self.ended
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        // Read while it runs, off this thread: a full pipe would block it. Threads of their own, not
        // the global queue, whose pool other tests may keep busy on a loaded machine.
        for (index, pipe) in pipes.enumerated() {
            reading.enter()
            Thread.detachNewThread { [texts, reading] in
                let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                texts.streams.withLock { $0[index] = text }
                reading.leave()
            }
        }
    }

    var isRunning: Bool { process.isRunning }

    /// Waits for the end, at most `timeoutSeconds`; past that the process is killed and the test fails.
    func outcome(timeoutSeconds: Int = 60) -> Outcome {
        if ended.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("center-node \(arguments.joined(separator: " ")) did not end within \(timeoutSeconds) s")
        }
        process.waitUntilExit()
        if reading.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            Issue.record("the output of center-node \(arguments.joined(separator: " ")) was not read within \(timeoutSeconds) s of its end")
        }
        let (output, errors) = texts.streams.withLock { ($0[0], $0[1]) }
        return Outcome(status: process.terminationStatus, output: output, errors: errors)
    }

    /// Runs `center-node` with `arguments` to its end.
    static func run(_ cluster: TestCluster, _ arguments: [String]) throws -> Outcome {
        try CenterNodeCommand(cluster, arguments).outcome()
    }
}

/// Rewrites a node's configuration file as an operator edits it (the paths come back absolute).
func editConfiguration(_ path: String, _ edit: (inout NodeConfig) -> Void) throws {
    var config = try NodeConfig.load(path: path)
    edit(&config)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(config).write(to: URL(fileURLWithPath: path))
}
