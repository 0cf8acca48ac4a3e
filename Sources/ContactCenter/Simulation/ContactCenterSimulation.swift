/// A seeded run of the whole contact-center application: customers arriving on every branch and
/// channel, agents logging in, answering and leaving, centers going dark, draining and recovering,
/// backup routes breaking, agents lent, commands that must be refused, and the leader's ticks —
/// with every invariant checked after every command. A seed replays the same run exactly.
public struct ContactCenterSimulation {
    /// `faults` is everything at once. `saturated` is the false-alarm hunt: every agent stays
    /// logged in and busy while customers arrive faster than they are served, for hours of model
    /// time, and no center or channel with anyone present may be declared abandoned.
    public enum Mode: Sendable {
        case faults
        case saturated
    }

    public struct Failure: Sendable, CustomStringConvertible {
        public var seed: UInt64
        public var mode: Mode
        public var step: Int
        public var atMs: Int64
        public var command: Command
        public var violations: [InvariantViolation]
        /// The commands just before, oldest first.
        public var recent: [String]

        public var description: String {
            """
            seed \(seed) broke the state at step \(step) (t = \(atMs) ms) applying \(command):
              \(violations.map(\.description).joined(separator: "\n  "))
            after: \(recent.joined(separator: "\n       "))
            replay: INTERFLOW_CC_SEED=\(seed) swift test --filter ContactCenterTests.SimulationTests\(mode == .saturated ? ".saturated" : "")
            """
        }
    }

    public struct Report: Sendable {
        public var seed: UInt64
        public var commands: Int
        public var refused: Int
        public var state: ContactCenterState
        public var failure: Failure?
        /// Clock entries that found a center with contacts queued, agents present and none of them
        /// ready: where a readiness rule would have raised a false alarm.
        public var saturatedTicks: Int
    }

    public static let agentsPerCenter = 5
    static let skills = ["general", "loans", "cards"]
    static let recentKept = 12

    var random: SplitMix64
    var state: ContactCenterState
    var clockMs: Int64 = 0
    var nextTickMs: Int64 = 1_000
    let seed: UInt64
    let mode: Mode
    var everyoneLoggedIn = false
    let branches: [String]
    let centerIDs: [String]
    let agentIDs: [String]

    /// `topology` is used with the simulation's short timings, so that patience, offers, detection
    /// and failback all happen within a few hundred steps.
    public init(seed: UInt64, topology: Topology, mode: Mode = .faults) throws(StateError) {
        var topology = topology
        if mode == .faults, topology.centers.count >= 2 {
            // Opening and closing within a run: one center open 00:01 to 00:02 with callbacks after
            // hours, another open for voice 00:00 to 00:02 with its plan after hours.
            topology.centers[0].hours = OpeningHours(timeZone: "+00:00", open: "00:01", close: "00:02")
            topology.centers[0].afterHours = .callback
            topology.centers[1].channelHours[.voice] = OpeningHours(timeZone: "UTC", open: "00:00", close: "00:02")
        }
        topology.policy.patienceMs = 90_000
        topology.policy.offerTimeoutMs = 8_000
        topology.policy.serviceLevelThresholdMs = 10_000
        var settings = StateSettings()
        settings.maxLiveContacts = 400
        if mode == .saturated {
            // Saturated agents answer every offer: none lets one ring out and drops out of ready.
            topology.policy.offerTimeoutMs = 60_000
            // Queues fill to this and stay full: saturation, at a size that hours of it can check.
            settings.maxLiveContacts = 120
        }
        settings.maxRetainedContacts = 200
        settings.retentionMs = 120_000
        settings.staffAbsentDarkAfterMs = 15_000
        settings.channelUnstaffedDarkAfterMs = 20_000
        settings.brokenRouteMinSpanMs = 10_000
        settings.brokenRouteProbeAfterMs = 20_000
        settings.brokenRouteProbePercent = 30
        settings.holdDownMs = 10_000
        settings.maxHoldDownMs = 80_000
        settings.failbackStepIntervalMs = 5_000
        self.seed = seed
        self.mode = mode
        random = SplitMix64(seed: seed)
        state = try ContactCenterState(topology: topology, settings: settings)
        branches = topology.centers.flatMap(\.branches).sorted()
        centerIDs = topology.centers.map(\.id).sorted()
        agentIDs = centerIDs.flatMap { center in (0..<Self.agentsPerCenter).map { "\(center)-\($0)" } }
    }

    public static func run(seed: UInt64, steps: Int, topology: Topology, mode: Mode = .faults) throws(StateError) -> Report {
        var simulation = try ContactCenterSimulation(seed: seed, topology: topology, mode: mode)
        return simulation.run(steps: steps)
    }

    /// The model as the simulation has applied it so far.
    public var model: ContactCenterState { state }

    /// The next step: the leader's due ticks, then one command chosen against the state as it is
    /// now, all at the time returned. Apply each in order with `apply` before asking for the next
    /// step; a harness may replay the same batch on a whole application beside it.
    public mutating func nextBatch() -> (atMs: Int64, commands: [Command]) {
        // Saturated runs cover hours, so their steps are longer: one to three seconds.
        clockMs += mode == .saturated ? 1_000 + Int64(random.below(2_000)) : Int64(random.below(1_500))
        var batch: [Command] = []
        while nextTickMs <= clockMs, batch.count < 4 {
            batch.append(.tick)
            nextTickMs += 1_000
        }
        nextTickMs = max(nextTickMs, clockMs - clockMs % 1_000 + 1_000)
        switch mode {
        case .faults: batch.append(nextCommand())
        case .saturated where !everyoneLoggedIn:
            everyoneLoggedIn = true
            for id in agentIDs { batch.append(login(id)) }
        case .saturated: batch += saturatingCommands()
        }
        return (clockMs, batch)
    }

    public mutating func apply(_ command: Command) -> CommandOutcome { state.apply(command, atMs: clockMs) }

    mutating func run(steps: Int) -> Report {
        var recent: [String] = []
        var commands = 0
        var refused = 0
        var saturatedTicks = 0
        for step in 0..<max(0, steps) {
            let batch = nextBatch().commands
            for (index, command) in batch.enumerated() {
                commands += 1
                if command == .tick, state.hasSaturatedCenter { saturatedTicks += 1 }
                let outcome = apply(command)
                if !outcome.isApplied { refused += 1 }
                // The false-alarm rule after every command; the whole state after every command
                // under faults, and after each step's batch when saturated (hours of it).
                var violations = state.falseAlarms(in: outcome.applied?.events ?? [])
                if mode == .faults || index == batch.count - 1 { violations += state.invariantViolations() }
                if !violations.isEmpty {
                    let failure = Failure(
                        seed: seed, mode: mode, step: step, atMs: clockMs, command: command, violations: violations, recent: recent)
                    return Report(seed: seed, commands: commands, refused: refused, state: state, failure: failure, saturatedTicks: saturatedTicks)
                }
                recent.append("t=\(clockMs) \(command)")
                if recent.count > Self.recentKept { recent.removeFirst() }
            }
        }
        return Report(seed: seed, commands: commands, refused: refused, state: state, failure: nil, saturatedTicks: saturatedTicks)
    }

    /// Customers arriving faster than they are served, and every agent logged in, answering and
    /// completing: nobody leaves, so nothing may be declared abandoned.
    mutating func saturatingCommands() -> [Command] {
        var commands = (0..<2).map { _ in arrival() }
        for _ in 0..<4 {
            let id = random.pick(agentIDs) ?? ""
            guard let agent = state.agents[id] else {
                commands.append(login(id))
                continue
            }
            switch agent.state {
            case .offline: commands.append(.agentReady(agent: id))
            case .ready: break
            case .wrapUp: commands.append(.agentWrapUpDone(agent: id))
            case .busy:
                guard let contactID = agent.contact, let contact = state.contacts[contactID] else { continue }
                if contact.state == .offered { commands.append(.accept(contact: contactID, agent: id)) }
                else if random.chance(20) { commands.append(.complete(contact: contactID)) }
            }
        }
        return commands
    }

    mutating func nextCommand() -> Command {
        let roll = random.below(100)
        switch roll {
        case 0..<35: return arrival()
        case 35..<85: return agentAction()
        case 85..<89: return centerFault()
        case 89..<91: return routeFault()
        case 91..<94: return lending()
        case 94..<97: return nonsense()
        default: return .tick
        }
    }

    mutating func arrival() -> Command {
        let channel = random.pick(Channel.allCases.filter { $0 != .callback }) ?? .voice
        let segment: Segment = random.chance(10) ? .emergency : random.chance(15) ? .greenChannel : .normal
        let skill = random.chance(70) ? "general" : random.pick(Self.skills) ?? "general"
        return .enqueue(channel: channel, branch: random.pick(branches) ?? "", segment: segment, skill: skill)
    }

    /// Agents who hold an offer or a contact act more often, so contacts flow through to the end.
    mutating func agentAction() -> Command {
        let holding = agentIDs.filter { state.agents[$0]?.contact != nil || state.agents[$0]?.state == .wrapUp }
        let id = (random.chance(60) ? random.pick(holding) : nil) ?? random.pick(agentIDs) ?? ""
        guard let agent = state.agents[id] else { return login(id) }
        switch agent.state {
        case .offline: return random.chance(50) ? login(id) : .agentReady(agent: id)
        case .ready: return random.chance(15) ? .agentOffline(agent: id) : .tick
        case .wrapUp: return .agentWrapUpDone(agent: id)
        case .busy:
            guard let contactID = agent.contact, let contact = state.contacts[contactID] else { return .agentOffline(agent: id) }
            if contact.state == .offered { return random.chance(85) ? .accept(contact: contactID, agent: id) : .tick }
            return random.chance(60) ? .complete(contact: contactID) : .tick
        }
    }

    mutating func login(_ id: String) -> Command {
        let index = agentIDs.firstIndex(of: id) ?? 0
        let center = centerIDs[index / Self.agentsPerCenter]
        let channelSets: [[Channel]] = [[.voice, .chat], [.voice], [.chat, .sms, .email], [.callback, .voice], Channel.allCases]
        let channels = channelSets[index % channelSets.count]
        var skills = ["general"]
        if random.chance(40), let extra = random.pick(Self.skills), extra != "general" { skills.append(extra) }
        return .agentLogin(agent: id, homeCenter: center, skills: skills, channels: channels)
    }

    mutating func centerFault() -> Command {
        let center = random.pick(centerIDs) ?? ""
        switch random.below(7) {
        case 0: return .centerBlackout(center: center)
        case 1: return .centerRestore(center: center)
        case 2: return .centerDrain(center: center)
        case 3: return .centerUndrain(center: center)
        case 4:
            // An operator retunes overflow mid-incident; the network keeps running.
            var topology = state.topology
            topology.policy.overflowQueueLength = 1 + Int(random.below(60))
            return .changeTopology(topology)
        case 5 where random.chance(50):
            // An SRE retunes detection mid-incident, sometimes out of range (refused whole).
            return .updateSettings(SettingsChange(values: [
                "staffAbsentDarkAfterMs": Int64(random.below(40_000)), "brokenRouteProbePercent": Int64(random.below(120)),
            ]))
        default: return .setCenterStatus(center: center, status: random.pick(CenterStatus.allCases) ?? .up)
        }
    }

    /// An operator's mark, or a backup center's intake refusing a contact sent to it (sometimes one
    /// it may not refuse, which must be refused cleanly).
    mutating func routeFault() -> Command {
        guard random.chance(50) else {
            return .routeBroken(from: random.pick(centerIDs) ?? "", to: random.pick(centerIDs) ?? "", broken: random.chance(60))
        }
        let waiting = state.contacts.values.filter { $0.state == .queued || $0.state == .offered }.map(\.id).sorted()
        guard let contact = random.pick(waiting) else { return .tick }
        return .intakeRefused(contact: contact, center: state.contacts[contact]?.center ?? "")
    }

    mutating func lending() -> Command {
        let agent = random.pick(agentIDs) ?? ""
        if random.chance(50) { return .agentReturn(agent: agent, by: "duty-manager") }
        let extra = random.chance(50) ? [random.pick(Self.skills) ?? "loans"] : []
        return .agentLend(agent: agent, toCenter: random.pick(centerIDs) ?? "", extraSkills: extra, by: "duty-manager")
    }

    /// Commands a confused client or a stale leader might commit; each must be refused cleanly.
    mutating func nonsense() -> Command {
        switch random.below(6) {
        case 0: return .accept(contact: UInt64(random.below(1_000)), agent: random.pick(agentIDs) ?? "")
        case 1: return .complete(contact: UInt64(random.below(1_000)))
        case 2: return .enqueue(channel: .voice, branch: "atlantis", segment: .normal, skill: "general")
        case 3: return .agentLogin(agent: "ghost", homeCenter: "atlantis", skills: ["general"], channels: [.voice])
        case 4: return .enqueue(channel: .chat, branch: random.pick(branches) ?? "", segment: .normal, skill: "")
        default: return .agentWrapUpDone(agent: random.pick(agentIDs) ?? "")
        }
    }
}
