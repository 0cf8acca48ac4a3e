import Foundation
import Testing

@testable import NodeObservability

@Suite struct DiskGaugesTests {
    @Test func theDataDirectorysFilesystemIsMeasuredInBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("disk-gauges-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let sample = Exposition(NodeMetrics(dataDirectory: directory.path).exposition())
        let free = try #require(sample.value("interflow_data_disk_free_bytes"))
        let size = try #require(sample.value("interflow_data_disk_size_bytes"))
        // Any filesystem a test runs on is over a megabyte, and its space free for us fits in it.
        #expect(size > 1_000_000, "size \(size)")
        #expect(free >= 0 && free <= size, "free \(free) of \(size)")
        // The same figures statvfs gives, in bytes (not blocks): the free space moves as other
        // processes write, so compare the size and only bound the free space.
        let facts = try #require(DiskFacts.read(directory.path))
        #expect(size == facts.sizeBytes)
    }

    @Test func noDataDirectoryMeansNoDiskSeries() {
        let sample = Exposition(NodeMetrics().exposition())
        #expect(sample.value("interflow_data_disk_free_bytes") == nil)
        #expect(sample.value("interflow_data_disk_size_bytes") == nil)
    }

    /// Before the node has made its directory there is nothing to measure, and a 0 would read as a full disk.
    @Test func aDirectoryNotMadeYetHasNoSeriesRatherThanZero() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("disk-gauges-missing-\(UUID())").path
        let text = NodeMetrics(dataDirectory: missing).exposition()
        #expect(!text.contains("interflow_data_disk_free_bytes"))
        #expect(!text.contains("interflow_data_disk_size_bytes"))
    }
}
