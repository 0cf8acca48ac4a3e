import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time a process has used (user + system), from `/proc/PID/stat`. Latency on this shared
/// 2-core machine moves by a third between half hours; the CPU a write costs each node moves far
/// less, so it is what tells two builds apart.
enum ProcessCPU {
    /// In milliseconds; nil when the process or /proc is not there.
    static func milliseconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: afterName)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) * 1000 / max(1, ticksPerSecond)
    }
}
