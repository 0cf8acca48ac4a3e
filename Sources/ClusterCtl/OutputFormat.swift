import ArgumentParser
import Foundation
import LocalCluster

/// `-o text` for people, `-o json` for scripts and test suites in other languages.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Errors go to standard error, so that scripts reading standard output see only results.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension LocalClusterError {
    /// Reports the error and ends the command with exit code 1.
    func exit() -> ExitCode {
        printError("error: \(description)")
        return ExitCode.failure
    }
}
