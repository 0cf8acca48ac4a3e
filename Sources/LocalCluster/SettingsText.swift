import ClientAPI
import ContactCenter

/// `clusterctl settings`: the settings as a table, and `settings set`'s `NAME=VALUE` words as a
/// change. Names and ranges are left to the node to judge, so that its refusal lists what exists.
public enum SettingsText {
    static let headers: [TextTable.Cell] = ["NAME", "VALUE", "DEFAULT", "RANGE", "MEANING"]

    public static func render(_ record: SettingsRecord) -> String {
        let rows = record.settings.map { setting -> [TextTable.Cell] in
            let changed = setting.value != setting.defaultValue
            return [
                TextTable.Cell(setting.name), TextTable.Cell("\(setting.value)\(changed ? " *" : "")"),
                TextTable.Cell("\(setting.defaultValue)"), TextTable.Cell(range(setting)), TextTable.Cell(setting.meaning),
            ]
        }
        return (TextTable.lines([headers] + rows, colour: false) + ["", "* differs from the default; fixed ones change only with a new network"])
            .joined(separator: "\n")
    }

    static func range(_ setting: SettingsRecord.Setting) -> String {
        guard setting.changeable else { return "fixed" }
        switch (setting.min, setting.max) {
        case (let low?, let high?): return "\(low)–\(high)"
        case (let low?, nil): return "≥ \(low)"
        default: return "-"
        }
    }

    /// `staffAbsentDarkAfterMs=20000 failbackStepsPercent=10,50,100` as a change.
    public static func change(_ assignments: [String]) throws(AssignmentError) -> SettingsChange {
        var change = SettingsChange()
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw AssignmentError(assignment, "expected NAME=VALUE") }
            let (name, value) = (parts[0], parts[1])
            if name == SettingsUpdateArgs.stepsName {
                let steps = value.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                guard !steps.contains(nil) else { throw AssignmentError(assignment, "expected whole numbers separated by commas") }
                change.failbackStepsPercent = steps.compactMap { $0 }
            } else {
                guard let number = Int64(value) else { throw AssignmentError(assignment, "expected a whole number") }
                change.values[name] = number
            }
        }
        return change
    }

    /// What the change does to the settings as they were: `holdDownMs 60000 → 30000`.
    public static func differences(_ change: SettingsChange, from before: SettingsRecord) -> [String] {
        let proposed = change.values.mapValues(SettingValue.number).merging(
            change.failbackStepsPercent.map { [SettingsUpdateArgs.stepsName: SettingValue.steps($0)] } ?? [:]) { first, _ in first }
        return proposed.sorted { $0.key < $1.key }.map { name, value in
            let was = before.settings.first { $0.name == name }.map { "\($0.value)" } ?? "?"
            return "\(name) \(was) → \(value)"
        }
    }

    public struct AssignmentError: Error, CustomStringConvertible {
        public let description: String

        init(_ assignment: String, _ problem: String) {
            description = "\(assignment): \(problem)"
        }
    }
}
