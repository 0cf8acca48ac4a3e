import ContactCenter

/// `settings.update`: a flat object of setting names, each a whole number, except
/// `failbackStepsPercent`, a list. Which names exist and their ranges are the model's to judge, so
/// that the refusal lists the names it knows; here only the shape is checked, and a value of the
/// wrong type is named by its field.
public struct SettingsUpdateArgs: Sendable, Equatable, Codable {
    public var change: SettingsChange

    public init(_ change: SettingsChange) {
        self.change = change
    }

    public static let stepsName = "failbackStepsPercent"

    private typealias Name = StateSettings.Name

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        var change = SettingsChange()
        for key in container.allKeys {
            if key.stringValue == Self.stepsName {
                change.failbackStepsPercent = try container.decode([Int].self, forKey: key)
            } else {
                change.values[key.stringValue] = try container.decode(Int64.self, forKey: key)
            }
        }
        self.change = change
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for (name, value) in change.values { try container.encode(value, forKey: Name(stringValue: name)) }
        if let steps = change.failbackStepsPercent { try container.encode(steps, forKey: Name(stringValue: Self.stepsName)) }
    }
}
