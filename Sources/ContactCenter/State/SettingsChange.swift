/// What `settings.update` changes: state settings and routing-policy figures by name, and the
/// failback steps. Names outside `SettingsChange.names` are refused with the list of those that exist.
public struct SettingsChange: Sendable, Equatable, Codable {
    public var values: [String: Int64]
    public var failbackStepsPercent: [Int]?

    public init(values: [String: Int64] = [:], failbackStepsPercent: [Int]? = nil) {
        self.values = values
        self.failbackStepsPercent = failbackStepsPercent
    }

    /// Fixed once the state is loaded: the statistics' intervals and the clock's bound shape what is
    /// already recorded.
    public static let fixedNames: Set<String> = ["statisticsIntervalMs", "maxStatisticsIntervals", "maxAtMs"]

    /// The routing policy's figures that can change on a live network, with their meaning.
    public static let policyFields: [(name: String, meaning: String, path: WritableKeyPath<RoutingPolicy, Int> & Sendable)] = [
        ("overflowOldestWaitMs", "Overflow starts when the home queue's oldest contact has waited this long...", \.overflowOldestWaitMs),
        ("overflowQueueLength", "...or when this many contacts wait in it.", \.overflowQueueLength),
        ("offerTimeoutMs", "An offer not accepted in this time goes back to the queue and its agent out of ready.", \.offerTimeoutMs),
        ("patienceMs", "A contact waiting longer than this is abandoned (callbacks wait until served).", \.patienceMs),
        ("serviceLevelThresholdMs", "Answered within this counts as on time in the service level.", \.serviceLevelThresholdMs),
    ]

    /// Every name `settings.update` takes.
    public static var names: [String] {
        StateSettings.fields.map(\.name).filter { !fixedNames.contains($0) } + policyFields.map(\.name) + ["failbackStepsPercent"]
    }
}

extension ContactCenterState {
    /// Applies the change whole or not at all: every name known, every figure in its range, and no
    /// bound below what the state holds now.
    mutating func update(_ change: SettingsChange) -> Refusal? {
        guard !change.values.isEmpty || change.failbackStepsPercent != nil else { return .invalid("settings.update names no setting") }
        var settings = self.settings
        var topology = self.topology
        for (name, value) in change.values.sorted(by: { $0.key < $1.key }) {
            if SettingsChange.fixedNames.contains(name) { return .invalid("\(name) is fixed once a topology is loaded") }
            if let field = StateSettings.field(named: name) {
                settings.set(field, to: value)
            } else if let field = SettingsChange.policyFields.first(where: { $0.name == name }) {
                guard let figure = Int(exactly: value) else { return .invalid("\(name) is out of range") }
                topology.policy[keyPath: field.path] = figure
            } else {
                return .invalid("\(name) is no setting; settings are \(SettingsChange.names.joined(separator: ", "))")
            }
        }
        if let steps = change.failbackStepsPercent { topology.policy.failbackStepsPercent = steps }
        topology.settings = settings
        if let problem = (topology.problems).first { return .invalid(problem.description) }
        if contacts.count > settings.maxLiveContacts {
            return .conflict("maxLiveContacts \(settings.maxLiveContacts) is below the \(contacts.count) contacts live now")
        }
        if agents.count > settings.maxAgents { return .conflict("maxAgents \(settings.maxAgents) is below the \(agents.count) agents known now") }
        // A hold-down not lengthened by flaps takes the new base at once: the SRE who shortens it
        // during an incident means the recovery under way.
        for center in centers.keys.sorted() {
            guard var runtime = centers[center] else { continue }
            if runtime.holdDownMs == self.settings.holdDownMs { runtime.holdDownMs = settings.holdDownMs }
            runtime.holdDownMs = min(runtime.holdDownMs, settings.maxHoldDownMs)
            centers[center] = runtime
        }
        self.settings = settings
        self.topology = topology
        networkVersion += 1
        trimFinished()
        let names = change.values.keys.sorted() + (change.failbackStepsPercent == nil ? [] : ["failbackStepsPercent"])
        events.append(.settingsChanged(names: names))
        return nil
    }
}
