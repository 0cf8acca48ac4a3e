import Foundation
import Synchronization
import Testing

/// What a finished process said, for tests that run the executables as an SRE would.
struct ProcessRun {
    var status: Int32
    var output: String
    var errors: String

    /// Runs `executable`, bounded: killed by its pid after `timeoutSeconds`.
    static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Int = 30) throws -> ProcessRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        // Read while it runs, off this thread: a full pipe would block it, and the wait is bounded.
        // Threads of their own, not the global queue: on a loaded CI machine its pool was busy with
        // other tests, the 5 s wait below ran out, and a process's error text was read as empty.
        let read = DispatchGroup()
        let texts = Mutex(["", ""])
        for (index, pipe) in [output, errors].enumerated() {
            read.enter()
            Thread.detachNewThread {
                let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                texts.withLock { $0[index] = text }
                read.leave()
            }
        }
        if ended.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("\(executable) \(arguments.joined(separator: " ")) did not end within \(timeoutSeconds) s")
        }
        process.waitUntilExit()
        if read.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            Issue.record("the output of \(executable) was not read within \(timeoutSeconds) s of its end")
        }
        let (outputText, errorText) = texts.withLock { ($0[0], $0[1]) }
        return ProcessRun(status: process.terminationStatus, output: outputText, errors: errorText)
    }
}
