import Consensus
import Simulation
import Testing

/// Shared set-up for the scenario tests (RAFT-SCENARIOS.md): a simulated cluster with a fixed seed
/// whose network is perfect and quiet unless a test asks for faults, so that the test alone decides
/// who proposes, crashes, restarts or is cut off. The simulator checks its safety invariants after
/// every step either way.
enum Scenario {
    /// Election timeout of every scenario cluster, in ticks (the simulator's default).
    static let electionTimeout = 10

    /// A perfect network, no faults and no client load of the simulator's own.
    static var quiet: FaultProfile {
        var profile = FaultProfile.reliable
        profile.proposalRate = 0
        profile.readRate = 0
        return profile
    }

    /// Proposals and linearizable reads from random clients, on a perfect network.
    static var busy: FaultProfile {
        var profile = FaultProfile.reliable
        profile.proposalRate = 0.5
        profile.readRate = 0.05
        return profile
    }

    /// Client load while nodes crash, restart and get cut off at random, on a perfect network.
    static var churn: FaultProfile {
        var profile = busy
        profile.crashRate = 0.01
        profile.leaderCrashShare = 0.3
        profile.maxDownTicks = 60
        profile.partitionRate = 0.01
        profile.maxPartitionTicks = 60
        return profile
    }

    /// `base` on a network that drops, duplicates and reorders.
    static func unreliable(_ base: FaultProfile) -> FaultProfile {
        var profile = base
        profile.dropRate = FaultProfile.unreliable.dropRate
        profile.duplicateRate = FaultProfile.unreliable.duplicateRate
        profile.maxDelayTicks = FaultProfile.unreliable.maxDelayTicks
        return profile
    }

    /// A cluster of `nodes` founding voters.
    static func cluster(
        seed: UInt64, nodes: Int = 3, profile: FaultProfile = quiet, preVote: Bool = true, checkQuorum: Bool = true,
        preferredLeader: NodeID? = nil, traceCapacity: Int = 120
    ) -> Simulator {
        var options = SimulationOptions(seed: seed, nodeCount: nodes, faultTicks: 0, profileName: "reliable")
        options.profile = profile
        options.electionTimeoutTicks = electionTimeout
        options.preVote = preVote
        options.checkQuorum = checkQuorum
        options.preferredLeader = preferredLeader
        options.traceCapacity = traceCapacity
        return Simulator(options: options)
    }
}

/// A command a leader appended. It is committed once that leader, still leading in that term,
/// commits past its index (a leader never changes its own log), or once any node applied it.
struct ScenarioProposal: Equatable {
    var leader: NodeID
    var index: LogIndex
    var term: Term
    /// The simulator's id of the command, as the state machines record it; nil for a membership change.
    var command: UInt64?
}

/// A step of a scenario that did not happen: thrown so the test stops there, with the reason and
/// the simulator's diagnosis.
struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
}

extension Simulator {
    /// The violation and the last steps before it, for a failing expectation.
    var diagnosis: Comment {
        guard let violation else { return "no violation" }
        let steps = recentTrace.map { "  \($0)" }.joined(separator: "\n")
        return Comment(rawValue: "\(violation)\nlast steps:\n\(steps)")
    }

    /// Why a scenario step failed, with the violation or else the last steps, for a thrown failure.
    func failure(_ reason: String) -> ScenarioFailure {
        if violation != nil { return ScenarioFailure(description: "\(reason); \(diagnosis.rawValue)") }
        let steps = recentTrace.suffix(30).map { "  \($0)" }.joined(separator: "\n")
        return ScenarioFailure(description: "\(reason) at t=\(now); last steps:\n\(steps)")
    }

    /// True when `id`'s disk holds `proposal`'s entry, or a snapshot that covers it.
    func holdsDurably(_ proposal: ScenarioProposal, on id: NodeID) -> Bool {
        let durable = node(id).durable
        if durable.snapshot.index >= proposal.index { return true }
        return durable.entries.contains { $0.index == proposal.index && $0.term == proposal.term }
    }

    /// The nodes that are running.
    var upIDs: [NodeID] { nodeIDs.filter { core($0) != nil } }

    /// The node of `group` that leads and that every node of `group` follows in its term.
    func leader(among group: [NodeID]) -> NodeID? {
        guard let candidate = group.first(where: { core($0)?.role == .leader }), let term = core(candidate)?.term
        else { return nil }
        return group.allSatisfy { core($0)?.leader == candidate && core($0)?.term == term } ? candidate : nil
    }

    /// Runs until a leader of `group` (every running node by default) exists; returns it.
    @discardableResult
    mutating func awaitLeader(among group: [NodeID]? = nil, within ticks: Int = 40 * Scenario.electionTimeout) -> NodeID? {
        let group = group ?? upIDs
        run(upTo: ticks) { $0.leader(among: group) != nil }
        return leader(among: group)
    }

    /// `awaitLeader`, or a thrown failure that says why the scenario cannot go on.
    @discardableResult
    mutating func mustElect(among group: [NodeID]? = nil, within ticks: Int = 40 * Scenario.electionTimeout) throws -> NodeID {
        guard let leader = awaitLeader(among: group, within: ticks) else {
            throw failure("no leader among \(group ?? upIDs) within \(ticks) ticks")
        }
        return leader
    }

    /// True when `proposal` is known committed, false when it is known lost, nil while undecided
    /// (or when every node compacted it away before it could be looked at).
    func isCommitted(_ proposal: ScenarioProposal) -> Bool? {
        if let core = core(proposal.leader), core.role == .leader, core.term == proposal.term,
            core.commitIndex >= proposal.index
        {
            return true
        }
        for id in upIDs {
            guard let core = core(id), core.commitIndex >= proposal.index, let term = core.term(at: proposal.index)
            else { continue }
            return term == proposal.term
        }
        if let command = proposal.command, nodeIDs.contains(where: { node($0).stateMachine.commands.contains(command) }) {
            return true
        }
        return nil
    }

    /// Proposes `count` commands at once at `leader`; throws unless every one was appended.
    mutating func mustPropose(_ count: Int, at leader: NodeID) throws -> [ScenarioProposal] {
        var proposals: [ScenarioProposal] = []
        for _ in 0..<count {
            let outcome = propose(at: leader)
            guard case .appended(let index, let term)? = outcome, case .command(let bytes)? = core(leader)?.entry(at: index)?.payload
            else {
                throw failure("n\(leader) answered a proposal with \(String(describing: outcome))")
            }
            let command = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            proposals.append(ScenarioProposal(leader: leader, index: index, term: term, command: command))
        }
        return proposals
    }

    /// Runs until every one of `proposals` is committed and every node of `group` has applied them;
    /// throws when that does not happen within `ticks`.
    mutating func mustApply(
        _ proposals: [ScenarioProposal], on group: [NodeID], within ticks: Int = 40 * Scenario.electionTimeout
    ) throws {
        let last = proposals.map(\.index).max() ?? 0
        let applied = run(upTo: ticks) { sim in
            proposals.allSatisfy { sim.isCommitted($0) == true }
                && group.allSatisfy { sim.node($0).stateMachine.appliedIndex >= last }
        }
        guard applied else {
            throw failure("\(proposals.count) proposals up to \(last) not applied on \(group) within \(ticks) ticks")
        }
    }

    /// MIT's `one()`: the leader of `group` (every running node by default) takes `count` commands
    /// at once, and every node of `group` applies them within `ticks`; throws when that does not happen.
    @discardableResult
    mutating func mustAgree(
        _ count: Int = 1, among group: [NodeID]? = nil, within ticks: Int = 40 * Scenario.electionTimeout
    ) throws -> [ScenarioProposal] {
        let group = group ?? upIDs
        let leader = try mustElect(among: group, within: ticks)
        let proposals = try mustPropose(count, at: leader)
        try mustApply(proposals, on: group, within: ticks)
        return proposals
    }

    /// Proposes `change` at the leader of `group` (every running node by default) and runs until it
    /// is committed; throws when it is refused or does not commit within `ticks`.
    @discardableResult
    mutating func mustChangeMembership(
        _ change: MembershipChange, among group: [NodeID]? = nil, within ticks: Int = 40 * Scenario.electionTimeout
    ) throws -> ScenarioProposal {
        let leader = try mustElect(among: group, within: ticks)
        let outcome = withCore(leader) { $0.proposeMembershipChange(change) }
        guard case .appended(let index, let term)? = outcome else {
            throw failure("n\(leader) answered \(change) with \(String(describing: outcome))")
        }
        let proposal = ScenarioProposal(leader: leader, index: index, term: term, command: nil)
        guard run(upTo: ticks, until: { $0.isCommitted(proposal) == true }) else {
            throw failure("\(change) at \(index) not committed within \(ticks) ticks")
        }
        return proposal
    }

    /// Only `group` can talk among itself; every other node is cut off from everyone.
    mutating func connectOnly(_ group: [NodeID]) {
        healPartition()
        for id in nodeIDs where !group.contains(id) { isolate(id) }
    }

    /// True when every node of `group` runs and has applied the same entries as the others (the
    /// digest covers every applied entry, whether it came in a snapshot or one by one).
    func sameState(on group: [NodeID]) -> Bool {
        guard let first = group.first else { return true }
        let reference = node(first).stateMachine
        return group.allSatisfy {
            core($0) != nil && node($0).stateMachine.appliedIndex == reference.appliedIndex
                && node($0).stateMachine.digest == reference.digest
        }
    }

    /// The events after tick `since`, or nil when the trace no longer reaches back that far.
    func events(since tick: Int) -> [SimulationEvent]? {
        let traced = recentTrace
        guard traced.count < options.traceCapacity || (traced.first?.tick ?? Int.max) <= tick else { return nil }
        return traced.filter { $0.tick > tick }.map(\.event)
    }

    /// The messages delivered after tick `since`, or nil when the trace no longer reaches back that far.
    func delivered(since tick: Int) -> [Message]? {
        events(since: tick)?.compactMap { event in
            guard case .delivered(let message) = event else { return nil }
            return message
        }
    }

    /// The snapshots `id` installed from its leader after tick `since`, or nil when the trace no
    /// longer reaches back that far.
    func snapshotsInstalled(on id: NodeID, since tick: Int) -> [LogIndex]? {
        events(since: tick)?.compactMap { event in
            guard case .snapshotInstalled(let node, let index) = event, node == id else { return nil }
            return index
        }
    }
}

extension SeededRandom {
    /// `count` distinct members of `ids`, in a seeded order.
    mutating func pick(_ count: Int, of ids: [NodeID]) -> [NodeID] {
        var shuffled = ids
        shuffled.shuffle(using: &self)
        return Array(shuffled.prefix(count))
    }
}
