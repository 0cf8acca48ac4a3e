import Foundation

/// What a node process we started looks like in `/proc/PID/cmdline`: our executable run with
/// `--config` and our config file. Checked before every signal, so that a pid the kernel has since
/// given to another process is never signalled.
public struct ProcessIdentity: Sendable, Equatable {
    public var executable: String
    public var configPath: String

    public init(executable: String, configPath: String) {
        self.executable = executable
        self.configPath = configPath
    }

    public var arguments: [String] { ["--config", configPath] }

    /// False when the process is gone, is a zombie (its cmdline is empty), or runs anything else.
    /// The executable may be argv[0], or argv[1] when a script runs through its `#!` interpreter.
    public func matches(pid: Int32) -> Bool {
        guard let arguments = Self.commandLine(pid: pid), !arguments.isEmpty else { return false }
        let runsExecutable = arguments.prefix(2).contains(executable)
        let namesConfig = zip(arguments, arguments.dropFirst()).contains { $0 == "--config" && $1 == configPath }
        return runsExecutable && namesConfig
    }

    /// The process's arguments; nil when it cannot be read (no such process, or no /proc here).
    public static func commandLine(pid: Int32) -> [String]? {
        guard pid > 0, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast(data.last == 0 ? 1 : 0).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
