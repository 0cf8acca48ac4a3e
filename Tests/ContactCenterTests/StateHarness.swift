import ContactCenter
import Testing

/// Drives a `ContactCenterState` the way the leader would, checking every invariant after every
/// command, and playing the agents: accept every offer, finish contacts after `handleMs`.
struct StateHarness {
    var state: ContactCenterState
    var clockMs: Int64 = 0
    /// Every contact placement seen, in order: where routing sent each contact.
    var placements: [(contact: UInt64, center: String, channel: Channel, reason: AssignmentReason)] = []

    init(topology: Topology, settings: StateSettings = StateSettings()) throws {
        state = try ContactCenterState(topology: topology, settings: settings)
    }

    /// The 2020 topology with overflow out of the way, so shares show the plan alone.
    static func china2020(settings: StateSettings = StateSettings(), sourceLocation: SourceLocation = #_sourceLocation) throws -> StateHarness {
        var topology = try Fixtures.china2020()
        topology.policy.overflowQueueLength = 1_000_000
        topology.policy.overflowOldestWaitMs = 1 << 40
        topology.policy.patienceMs = 1 << 40
        return try StateHarness(topology: topology, settings: settings)
    }

    @discardableResult
    mutating func apply(_ command: Command, sourceLocation: SourceLocation = #_sourceLocation) -> CommandOutcome {
        let outcome = state.apply(command, atMs: clockMs)
        for event in outcome.applied?.events ?? [] {
            if case .placed(let contact, let center, let channel, let reason) = event { placements.append((contact, center, channel, reason)) }
        }
        let violations = state.invariantViolations()
        #expect(violations.isEmpty, "after \(command): \(violations)", sourceLocation: sourceLocation)
        return outcome
    }

    /// Applies and expects it to be applied; returns the created contact, if any.
    @discardableResult
    mutating func must(_ command: Command, sourceLocation: SourceLocation = #_sourceLocation) -> UInt64? {
        let outcome = apply(command, sourceLocation: sourceLocation)
        #expect(outcome.isApplied, "\(command) was refused: \(outcome)", sourceLocation: sourceLocation)
        return outcome.applied?.contact
    }

    mutating func enqueue(_ branch: String, _ channel: Channel = .voice, _ segment: Segment = .normal, skill: String = "general") -> UInt64 {
        must(.enqueue(channel: channel, branch: branch, segment: segment, skill: skill)) ?? 0
    }

    /// `perChannel` more agents at each center on each channel, all with the general skill.
    mutating func staff(_ centers: [String], perChannel: Int = 2, channels: [Channel] = Channel.allCases) {
        for center in centers {
            for channel in channels {
                var index = 0
                for _ in 0..<perChannel {
                    while state.agents["\(center)-\(channel.rawValue)-\(index)"] != nil { index += 1 }
                    must(.agentLogin(agent: "\(center)-\(channel.rawValue)-\(index)", homeCenter: center, skills: ["general"], channels: [channel]))
                }
            }
        }
    }

    mutating func staffAll(perChannel: Int = 2) { staff(state.topology.centers.map(\.id), perChannel: perChannel) }

    /// Advances the clock by `ms` in one-second ticks while agents accept offers at once, finish
    /// contacts after `handleMs` and wrap up within the next tick.
    mutating func run(forMs ms: Int64, handleMs: Int64 = 3_000) {
        let endMs = clockMs + ms
        while clockMs < endMs {
            clockMs += 1_000
            must(.tick)
            work(handleMs: handleMs)
        }
    }

    /// Runs until no contact is live, or `maxMs` at most.
    mutating func runUntilIdle(maxMs: Int64, handleMs: Int64 = 3_000) {
        let endMs = clockMs + maxMs
        while !state.contacts.isEmpty, clockMs < endMs { run(forMs: 1_000, handleMs: handleMs) }
    }

    mutating func work(handleMs: Int64) {
        for id in state.agents.keys.sorted() {
            guard let agent = state.agents[id] else { continue }
            if agent.state == .wrapUp { must(.agentWrapUpDone(agent: id)); continue }
            guard let contactID = agent.contact, let contact = state.contacts[contactID] else { continue }
            if contact.state == .offered {
                must(.accept(contact: contactID, agent: id))
            } else if clockMs - (contact.answeredAtMs ?? clockMs) >= handleMs {
                must(.complete(contact: contactID))
            }
        }
    }

    func live(at center: String) -> [Contact] { state.contacts.values.filter { $0.center == center } }
}
