import Foundation
import Prometheus

/// `interflow_data_disk_free_bytes` and `interflow_data_disk_size_bytes`: the filesystem that holds
/// the node's log and state, read with statvfs(3) on each scrape. A full disk stops the node (SQLite
/// cannot make the log durable), and every node of a cluster writes the same log, so their disks fill
/// together: the alert must come before the first one is full.
struct DiskGauges: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let directory: String

    init(registry: PrometheusCollectorRegistry, directory: String) {
        self.registry = registry
        self.directory = directory
    }

    /// The gauges are made at the first reading that succeeds, not before: until the node has made
    /// its data directory there is no filesystem to measure, and a 0 would read as a full disk.
    func refresh() {
        guard let facts = DiskFacts.read(directory) else { return }
        registry.makeGauge(descriptor: MetricFamilies.dataDiskFree).set(to: facts.freeBytes)
        registry.makeGauge(descriptor: MetricFamilies.dataDiskSize).set(to: facts.sizeBytes)
    }
}

/// One statvfs(3) reading of the filesystem holding a path.
struct DiskFacts: Equatable {
    /// Blocks available to an unprivileged user (f_bavail), not all free blocks (f_bfree): the node
    /// runs as its own user, so the blocks reserved for root are not space it can write.
    var freeBytes: Double
    var sizeBytes: Double

    static func read(_ path: String) -> DiskFacts? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        // Block counts are in units of the fragment size (f_frsize), not of f_bsize.
        let fragmentBytes = Double(info.f_frsize)
        return DiskFacts(freeBytes: Double(info.f_bavail) * fragmentBytes, sizeBytes: Double(info.f_blocks) * fragmentBytes)
    }
}
