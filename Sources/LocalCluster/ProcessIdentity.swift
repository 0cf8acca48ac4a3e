import Foundation

/// What a node process looks like in `/proc/PID/cmdline`: our executable (this path, or another
/// build of the same name, as when someone restarts a node by hand) run with `--config` and our
/// config file (relative paths resolved from the process's working directory). Checked before
/// every signal, so that a pid the kernel has since given to another process is never signalled.
public struct ProcessIdentity: Sendable, Equatable {
    public var executable: String
    public var configPath: String
    /// The network namespace the node runs in (the WAN lab's); nil for this machine's own.
    public var namespace: String?

    public init(executable: String, configPath: String, namespace: String? = nil) {
        self.executable = executable
        self.configPath = configPath
        self.namespace = namespace
    }

    public var arguments: [String] { ["--config", configPath] }

    /// False when the process is gone, is a zombie (its cmdline is empty), or runs anything else.
    /// The executable may be argv[0], or argv[1] when a script runs through its `#!` interpreter.
    public func matches(pid: Int32) -> Bool {
        guard let arguments = Self.commandLine(pid: pid), !arguments.isEmpty else { return false }
        let name = URL(fileURLWithPath: executable).lastPathComponent
        let runsExecutable = arguments.prefix(2).contains { $0 == executable || URL(fileURLWithPath: $0).lastPathComponent == name }
        guard runsExecutable else { return false }
        let directory = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
        let wanted = Self.absolute(configPath, from: nil)
        return zip(arguments, arguments.dropFirst()).contains { flag, value in
            flag == "--config" && Self.absolute(value, from: directory) == wanted
        }
    }

    /// Every process that matches, from `/proc`: a node restarted by hand has no recorded pid.
    public func runningProcesses() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { $0 != getpid() && matches(pid: $0) }.sorted()
    }

    static func absolute(_ path: String, from directory: String?) -> String {
        let url = path.hasPrefix("/") || directory == nil ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory!).appendingPathComponent(path)
        return url.standardized.path
    }

    /// The process's arguments; nil when it cannot be read (no such process, or no /proc here).
    public static func commandLine(pid: Int32) -> [String]? {
        guard pid > 0, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast(data.last == 0 ? 1 : 0).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
