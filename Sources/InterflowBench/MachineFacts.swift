import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the figures were measured: they mean little without the machine and the build.
struct MachineFacts: Codable, Sendable {
    var cores: Int
    var cpu: String
    var kernel: String
    var build: String
    var centerNode: String
    var date: String
    var command: String

    static func current(centerNode: String) -> MachineFacts {
        MachineFacts(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpu: cpuModel(), kernel: kernelRelease(),
            build: buildConfiguration, centerNode: centerNode, date: ISO8601DateFormatter().string(from: Date()),
            command: CommandLine.arguments.joined(separator: " "))
    }

    // SwiftPM defines DEBUG in debug builds only; a debug bench would also find a debug node.
    #if DEBUG
    static let buildConfiguration = "debug"
    #else
    static let buildConfiguration = "release"
    #endif

    /// `uname -r`.
    static func kernelRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: names.release) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
