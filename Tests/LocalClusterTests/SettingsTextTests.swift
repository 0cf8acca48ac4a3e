import ClientAPI
import ContactCenter
import LocalCluster
import Testing

@Suite("clusterctl settings")
struct SettingsTextTests {
    @Test func assignmentsBecomeOneChange() throws {
        let change = try SettingsText.change(["staffAbsentDarkAfterMs=20000", "failbackStepsPercent=10,50,100"])
        #expect(change == SettingsChange(values: ["staffAbsentDarkAfterMs": 20_000], failbackStepsPercent: [10, 50, 100]))
        for (words, problem) in [
            ("holdDownMs", "holdDownMs: expected NAME=VALUE"), ("=5", "=5: expected NAME=VALUE"),
            ("holdDownMs=1m", "holdDownMs=1m: expected a whole number"),
            ("failbackStepsPercent=10,,100", "failbackStepsPercent=10,,100: expected whole numbers separated by commas"),
        ] {
            let refused = #expect(throws: SettingsText.AssignmentError.self) { try SettingsText.change([words]) }
            #expect(refused?.description == problem)
        }
    }

    @Test func theTableShowsValueDefaultRangeAndMeaning() {
        var settings = StateSettings()
        settings.staffAbsentDarkAfterMs = 20_000
        var policy = RoutingPolicy()
        policy.failbackStepsPercent = [10, 50, 100]
        let record = SettingsRecord(settings, policy)
        let lines = SettingsText.render(record).split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ").prefix(4) == ["NAME", "VALUE", "DEFAULT", "RANGE"])
        let absent = lines.first { $0.hasPrefix("staffAbsentDarkAfterMs ") } ?? ""
        #expect(absent.split(separator: " ").prefix(5) == ["staffAbsentDarkAfterMs", "20000", "*", "30000", "1000–86400000"])
        #expect(absent.hasSuffix(StateSettings.field(named: "staffAbsentDarkAfterMs")?.meaning ?? "?"))
        #expect(lines.first { $0.hasPrefix("statisticsIntervalMs ") }?.split(separator: " ").prefix(4) == ["statisticsIntervalMs", "900000", "900000", "fixed"])
        #expect(lines.first { $0.hasPrefix("patienceMs ") }?.contains("≥ 1") == true)
        #expect(lines.first { $0.hasPrefix("failbackStepsPercent ") }?.split(separator: " ").prefix(4) == ["failbackStepsPercent", "10,50,100", "*", "10,25,50,100"])

        let said = SettingsText.differences(
            SettingsChange(values: ["holdDownMs": 30_000, "nonsense": 1], failbackStepsPercent: [50, 100]), from: record)
        #expect(said == ["failbackStepsPercent 10,50,100 → 50,100", "holdDownMs 60000 → 30000", "nonsense ? → 1"])
    }
}
