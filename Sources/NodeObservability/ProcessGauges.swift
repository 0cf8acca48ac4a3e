import Foundation
import Prometheus

/// The standard `process_*` series every Prometheus client library exports, read from /proc on each
/// scrape: CPU, memory, file descriptors and start time. Elsewhere than Linux they stay at 0.
struct ProcessGauges: Sendable {
    private let cpuSeconds: Gauge
    private let residentBytes: Gauge
    private let virtualBytes: Gauge
    private let openDescriptors: Gauge
    private let maxDescriptors: Gauge
    private let startTimeSeconds: Gauge

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "process", metricName: name, unitName: "", helpText: help))
        }
        // A gauge named _total rather than a counter: the kernel keeps the count, it is only copied here.
        cpuSeconds = gauge("cpu_seconds_total", "Total user and system CPU time spent in seconds.")
        residentBytes = gauge("resident_memory_bytes", "Resident memory size in bytes.")
        virtualBytes = gauge("virtual_memory_bytes", "Virtual memory size in bytes.")
        openDescriptors = gauge("open_fds", "Number of open file descriptors.")
        maxDescriptors = gauge("max_fds", "Maximum number of open file descriptors.")
        startTimeSeconds = gauge("start_time_seconds", "Start time of the process since unix epoch in seconds.")
    }

    func refresh() {
        guard let facts = ProcessFacts.read() else { return }
        cpuSeconds.set(to: facts.cpuSeconds)
        residentBytes.set(to: facts.residentBytes)
        virtualBytes.set(to: facts.virtualBytes)
        openDescriptors.set(to: facts.openDescriptors)
        maxDescriptors.set(to: facts.maxDescriptors)
        startTimeSeconds.set(to: facts.startTimeSeconds)
    }
}

/// One reading of /proc/self (proc(5)): stat for CPU, memory and start, fd for open descriptors.
struct ProcessFacts: Equatable {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var openDescriptors: Double
    var maxDescriptors: Double
    var startTimeSeconds: Double

    static func read() -> ProcessFacts? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8)
        else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageBytes = Double(sysconf(Int32(_SC_PAGESIZE)))
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let uptimeSeconds = Double(uptime.split(separator: " ").first ?? "") ?? 0
        return parse(
            stat: stat, ticksPerSecond: ticksPerSecond, pageBytes: pageBytes, bootTimeSeconds: Date().timeIntervalSince1970 - uptimeSeconds,
            openDescriptors: descriptors, maxDescriptors: Double(limit.rlim_cur))
    }

    /// The fields after the command name, which is in parentheses and may itself hold spaces.
    static func parse(
        stat: String, ticksPerSecond: Double, pageBytes: Double, bootTimeSeconds: Double, openDescriptors: Int,
        maxDescriptors: Double
    ) -> ProcessFacts? {
        guard let close = stat.lastIndex(of: ")"), ticksPerSecond > 0 else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ").map(String.init)
        // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
        func field(_ number: Int) -> Double? { fields.indices.contains(number - 3) ? Double(fields[number - 3]) : nil }
        guard let user = field(14), let system = field(15), let start = field(22), let virtual = field(23), let resident = field(24)
        else { return nil }
        return ProcessFacts(
            cpuSeconds: (user + system) / ticksPerSecond, residentBytes: resident * pageBytes, virtualBytes: virtual,
            openDescriptors: Double(openDescriptors), maxDescriptors: maxDescriptors,
            startTimeSeconds: bootTimeSeconds + start / ticksPerSecond)
    }
}
