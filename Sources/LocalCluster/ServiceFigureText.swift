import Foundation

/// Service figures as an operator reads them: waits in ms, seconds or minutes as they grow, ratios
/// in percent, and a dash for a figure that is not defined yet.
enum ServiceFigureText {
    static let undefined = "-"

    static func wait(milliseconds: Int64) -> String {
        switch milliseconds {
        case ..<1_000: "\(milliseconds) ms"
        case ..<120_000: String(format: "%.1f s", Double(milliseconds) / 1_000)
        default: "\(milliseconds / 60_000) min \(milliseconds % 60_000 / 1_000) s"
        }
    }

    static func wait(milliseconds: Int64?) -> String {
        milliseconds.map { wait(milliseconds: $0) } ?? undefined
    }

    static func percent(_ ratio: Double?) -> String {
        ratio.map { String(format: "%.1f%%", $0 * 100) } ?? undefined
    }
}
