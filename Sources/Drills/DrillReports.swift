import Foundation
import LocalCluster

/// Where a cluster's drill reports live: `DIR/drills/ID.json`, `.md` and `.html`; and the file a
/// `drill abort` leaves for the running drill to find.
public struct DrillReports: Sendable {
    public let folder: String

    public init(clusterDirectory: String) {
        folder = URL(fileURLWithPath: clusterDirectory).appendingPathComponent("drills").path
    }

    public var abortRequestPath: String { folder + "/abort-requested" }

    /// Writes the three forms; returns their paths.
    @discardableResult
    public func save(_ report: DrillReport) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = folder + "/" + report.id
        let files = [
            (base + ".json", PrettyJSON.encode(report)),
            (base + ".md", Data(DrillReportText.markdown(report).utf8)),
            (base + ".html", Data(DrillReportPage.html(report).utf8)),
        ]
        for (path, data) in files { try data.write(to: URL(fileURLWithPath: path), options: .atomic) }
        return files.map(\.0)
    }

    /// The saved reports' ids, oldest first (ids start with their UTC time).
    public func ids() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func load(_ id: String) throws -> DrillReport {
        let path = folder + "/" + id + ".json"
        do {
            return try JSONDecoder().decode(DrillReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DrillError.cannotRun("no readable report \(id) in \(folder) (\(error.localizedDescription)); `clusterctl drill list` shows them")
        }
    }

    /// Asks a running drill to abort: it removes its fault at its next observation.
    public func requestAbort() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: abortRequestPath))
    }

    public var abortRequested: Bool { FileManager.default.fileExists(atPath: abortRequestPath) }

    public func clearAbortRequest() { try? FileManager.default.removeItem(atPath: abortRequestPath) }
}
