import ClientAPI
import ContactCenter
import Foundation
import Testing

/// docs/API.md is a contract: these keep it from drifting from the code.
@Suite("docs/API.md")
struct DocumentationTests {
    static let apiDoc = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/API.md")

    static func lines() throws -> [String] {
        try String(contentsOf: apiDoc, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func everyOperationIsDocumented() throws {
        let text = try Self.lines().joined(separator: "\n")
        for op in APIOperation.allCases {
            #expect(text.contains("`\(op.rawValue)`"), "\(op.rawValue)")
        }
    }

    /// Each setting has a row `| `name` | default | range | meaning |` in the Settings section.
    @Test func everySettingHasARowWithItsDefaultAndRange() throws {
        let lines = try Self.lines()
        let defaults = SettingsRecord(StateSettings(), RoutingPolicy())
        #expect(Set(SettingsChange.names).isSubset(of: defaults.settings.map(\.name)))
        for setting in defaults.settings {
            let range: String =
                switch (setting.min, setting.max) {
                case (let low?, let high?): "\(low)–\(high)"
                case (let low?, nil): "≥ \(low)"
                default: "rises to 100"
                }
            let row = "| `\(setting.name)` | \(setting.defaultValue) | \(range)\(setting.changeable ? "" : ", fixed") | "
            #expect(lines.contains { $0.hasPrefix(row) }, "docs/API.md has no row starting \(row)")
        }
    }
}
