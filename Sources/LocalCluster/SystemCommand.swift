import Foundation

/// Runs one of the system's tools (ip, nft) to its end, bounded, for the WAN lab; a failure carries
/// the command and what it printed, since that is what an operator needs to fix it.
enum SystemCommand {
    static let timeoutMs = 10_000

    /// The tool's path among the usual system directories, or nil.
    static func locate(_ name: String) -> String? {
        ["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @discardableResult
    static func run(_ argv: [String], input: String? = nil) throws(LocalClusterError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw .lab(reason: "cannot run \(argv.joined(separator: " ")): \(error.localizedDescription)")
        }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        // The tools print a few lines at most: the pipe's buffer holds them until we read.
        if finished.wait(timeout: .now() + .milliseconds(timeoutMs)) == .timedOut {
            process.terminate()
            throw .lab(reason: "\(argv.joined(separator: " ")) did not finish within \(timeoutMs) ms")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw .lab(reason: "\(argv.joined(separator: " ")) failed (status \(process.terminationStatus)): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return text
    }
}
