import ContactCenter

/// `settings.get`: every contact-center setting as the network runs it, with its default, its
/// bounds and what it means, in the order of `StateSettings.fields`, then the routing policy's.
public struct SettingsRecord: Sendable, Equatable, Codable {
    public var settings: [Setting]

    public init(settings: [Setting]) {
        self.settings = settings
    }

    public struct Setting: Sendable, Equatable, Codable {
        public var name: String
        public var value: SettingValue
        public var defaultValue: SettingValue
        /// Inclusive bounds of a number; nil where the rule is in `meaning` (no upper bound, or a list).
        public var min: Int64?
        public var max: Int64?
        /// False for the settings fixed once a topology is loaded; `settings.update` refuses them.
        public var changeable: Bool
        public var meaning: String

        enum CodingKeys: String, CodingKey {
            case name, value, defaultValue = "default", min, max, changeable, meaning
        }

        public init(
            name: String, value: SettingValue, defaultValue: SettingValue, min: Int64?, max: Int64?, changeable: Bool, meaning: String
        ) {
            self.name = name
            self.value = value
            self.defaultValue = defaultValue
            self.min = min
            self.max = max
            self.changeable = changeable
            self.meaning = meaning
        }
    }

    static let failbackStepsMeaning =
        "A recovering center takes back this share of its own traffic per step, in percent, one step per failbackStepIntervalMs; rising from above 0 to exactly 100."

    /// The live values beside the defaults a fresh topology would get.
    public init(_ settings: StateSettings, _ policy: RoutingPolicy) {
        let defaults = StateSettings()
        let defaultPolicy = RoutingPolicy()
        let state = StateSettings.fields.map { field in
            Setting(
                name: field.name, value: .number(settings.value(of: field)), defaultValue: .number(defaults.value(of: field)),
                min: field.range.lowerBound, max: field.range.upperBound, changeable: !SettingsChange.fixedNames.contains(field.name),
                meaning: field.meaning)
        }
        // The policy's figures need only be positive (Topology's validation).
        let routing = SettingsChange.policyFields.map { field in
            Setting(
                name: field.name, value: .number(Int64(policy[keyPath: field.path])),
                defaultValue: .number(Int64(defaultPolicy[keyPath: field.path])), min: 1, max: nil, changeable: true,
                meaning: field.meaning)
        }
        let steps = Setting(
            name: SettingsUpdateArgs.stepsName, value: .steps(policy.failbackStepsPercent),
            defaultValue: .steps(defaultPolicy.failbackStepsPercent), min: nil, max: nil, changeable: true,
            meaning: Self.failbackStepsMeaning)
        self.init(settings: state + routing + [steps])
    }
}

/// A setting's value: a whole number, or the failback steps' list.
public enum SettingValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Int64)
    case steps([Int])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .steps(try container.decode([Int].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .steps(let steps): try container.encode(steps)
        }
    }

    /// As `clusterctl settings set` takes it: `30000`, or `10,25,50,100`.
    public var description: String {
        switch self {
        case .number(let number): "\(number)"
        case .steps(let steps): steps.map(String.init).joined(separator: ",")
        }
    }
}
