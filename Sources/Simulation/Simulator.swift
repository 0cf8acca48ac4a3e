import Consensus

/// Many cores in one process on a seeded network. Every run is a pure function of its options:
/// the same seed replays the same run, step for step. Invariants are checked after every step.
public struct Simulator: Sendable {
    public let options: SimulationOptions
    public var profile: FaultProfile
    var random: SeededRandom
    public private(set) var now = 0
    public internal(set) var nodes: [SimulatedNode] = []
    var network = SimulatedNetwork()
    var checker = InvariantChecker()
    var trace: TraceRing
    /// The events worth a line in a readable timeline, when asked for.
    public private(set) var timeline: [TracedEvent] = []
    public private(set) var violation: Violation?
    public private(set) var acknowledgedProposals = 0
    var nextCommandID: UInt64 = 1
    /// Reads asked and not yet served: where, the highest index committed anywhere when asked, and
    /// the read index once the leader confirmed it. A read is served once its node has applied
    /// up to that index, as the node's shell does.
    var pendingReads: [UInt64: (node: NodeID, atLeast: LogIndex, readIndex: LogIndex?)] = [:]
    public private(set) var confirmedReads = 0
    public private(set) var leaderElections = 0
    var partitionHealsAtTick: Int?

    public init(options: SimulationOptions) {
        self.options = options
        profile = options.profile
        random = SeededRandom(seed: options.seed)
        trace = TraceRing(capacity: options.traceCapacity)
        let founders = (1...UInt64(options.nodeCount)).map { $0 }
        for id in founders {
            nodes.append(SimulatedNode(id: id, configuration: options.configuration(id), durable: .bootstrap(voters: founders)))
        }
        for id in founders { start(id) }
    }

    // MARK: Reading the cluster

    public func node(_ id: NodeID) -> SimulatedNode { nodes[Int(id) - 1] }
    public func core(_ id: NodeID) -> RaftNode? { nodes[Int(id) - 1].core }
    public var nodeIDs: [NodeID] { nodes.map(\.id) }
    public var liveIDs: [NodeID] { nodes.filter(\.isUp).map(\.id) }

    /// The leader with the highest term among live nodes.
    public var leader: NodeID? {
        nodes.compactMap(\.core).filter { $0.role == .leader }.max { $0.term < $1.term }?.id
    }

    public var leaders: [NodeID] { nodes.compactMap(\.core).filter { $0.role == .leader }.map(\.id) }
    public var highestCommitted: LogIndex { checker.highestCommitted }

    // MARK: Time

    public mutating func run(ticks: Int) {
        for _ in 0..<ticks where violation == nil { step() }
    }

    /// Runs until `condition` holds or `maxTicks` pass; returns whether it held.
    @discardableResult
    public mutating func run(upTo maxTicks: Int, until condition: (Simulator) -> Bool) -> Bool {
        for _ in 0..<maxTicks {
            if condition(self) { return true }
            if violation != nil { return false }
            step()
        }
        return condition(self)
    }

    /// One tick: finish slow persists, tick every core, deliver what is due, then the world's faults.
    public mutating func step() {
        now += 1
        for id in nodeIDs { completeDuePersists(id) }
        // Everything stops at the first violation, so that the trace ends where it broke.
        for id in nodeIDs where nodes[Int(id) - 1].core != nil && violation == nil {
            nodes[Int(id) - 1].core!.tick()
            afterInput(id)
        }
        for message in network.takeDue(now: now, keepLinkOrder: !profile.reorderWithinLink, random: &random)
        where violation == nil {
            deliver(message)
        }
        if violation == nil { injectFaults() }
    }

    mutating func deliver(_ message: Message) {
        guard Int(message.to) >= 1, Int(message.to) <= nodes.count, nodes[Int(message.to) - 1].core != nil else {
            record(.dropped(message, reason: "node down"))
            return
        }
        if network.isBlocked(message.from, message.to) {
            record(.dropped(message, reason: "partition"))
            return
        }
        record(.delivered(message))
        nodes[Int(message.to) - 1].core!.step(message)
        afterInput(message.to)
    }

    // MARK: Inputs from clients and operators

    /// Proposes a fresh command at `id`; returns the outcome.
    @discardableResult
    public mutating func propose(at id: NodeID) -> ProposalOutcome? {
        guard nodes[Int(id) - 1].core != nil else { return nil }
        let command = encode(nextCommandID)
        nextCommandID += 1
        let outcome = nodes[Int(id) - 1].core!.propose(command)
        record(.proposed(id, outcome: outcome))
        afterInput(id)
        return outcome
    }

    /// Asks `id` for a linearizable read; the answer is checked against what was committed now.
    @discardableResult
    public mutating func read(at id: NodeID) -> ReadOutcome? {
        guard nodes[Int(id) - 1].core != nil else { return nil }
        let context = nextCommandID
        nextCommandID += 1
        let outcome = nodes[Int(id) - 1].core!.readIndex(context: context)
        if outcome == .pending { pendingReads[context] = (id, checker.highestCommitted, nil) }
        afterInput(id)
        return outcome
    }

    /// Runs `change` on the core of `id` (an admin request), then processes what it produced.
    public mutating func withCore<Result>(_ id: NodeID, _ change: (inout RaftNode) -> Result) -> Result? {
        guard nodes[Int(id) - 1].core != nil else { return nil }
        let result = change(&nodes[Int(id) - 1].core!)
        afterInput(id)
        return result
    }

    // MARK: Processing a node's output

    mutating func afterInput(_ id: NodeID) {
        observe(id)
        drain(id)
    }

    /// Checks the properties that can change with any input to `id`.
    mutating func observe(_ id: NodeID) {
        let position = Int(id) - 1
        guard let core = nodes[position].core, violation == nil else { return }
        if let broken = core.brokenInvariant {
            fail("core assertion", "n\(id): \(broken)")
            return
        }
        if core.role == .leader {
            if let problem = checker.leader(id, term: core.term) { return fail("election safety", problem) }
            if nodes[position].observedLeaderTerm != core.term {
                nodes[position].observedLeaderTerm = core.term
                leaderElections += 1
                record(.becameLeader(id, term: core.term))
                if let problem = checker.leaderIsComplete(core) { return fail("leader completeness", problem) }
            }
        } else if let ledTerm = nodes[position].observedLeaderTerm {
            nodes[position].observedLeaderTerm = nil
            record(.steppedDown(id, term: ledTerm))
        }
        if core.commitIndex < nodes[position].lifeCommit {
            return fail("commit index monotonic", "n\(id)'s commit index went from \(nodes[position].lifeCommit) back to \(core.commitIndex)")
        }
        nodes[position].lifeCommit = core.commitIndex
        if core.role == .leader, let problem = membershipChangesInFlight(core) { return fail("one membership change at a time", problem) }
        // Membership is adopted on commit: an advance that commits a change was counted under the
        // configuration before it, which any majority of the new one overlaps.
        let before = nodes[position].observedMembership ?? core.membership
        nodes[position].observedMembership = core.membership
        let from = nodes[position].observedCommit
        guard core.commitIndex > from else { return }
        var index = max(from + 1, core.snapshotIndex + 1)
        while index <= core.commitIndex, let entry = core.entry(at: index) {
            let known = checker.highestCommitted
            if let problem = checker.committed(entry, on: id) { return fail("committed entry lost", problem) }
            if index > known, let problem = durableOnQuorum(entry, voters: core.membership), durableOnQuorum(entry, voters: before) != nil {
                return fail("committed without a quorum of durable logs", problem)
            }
            if index > known, case .command = entry.payload { acknowledgedProposals += 1 }
            if index > known && index % 100 == 0 { record(.note("cluster committed through index \(index)")) }
            index += 1
        }
        nodes[position].observedCommit = core.commitIndex
        record(.committed(id, index: core.commitIndex))
    }

    /// Single-server membership changes are safe only one at a time: a leader's log holds at most
    /// one change that is not committed (Raft thesis §4.1). Committed anywhere, not by its own
    /// count: a new leader may not know yet that its predecessor's change committed.
    func membershipChangesInFlight(_ core: RaftNode) -> String? {
        let committed = max(core.commitIndex, checker.highestCommitted)
        guard core.lastIndex > committed else { return nil }
        // Bounded: the core refuses proposals past `maxUncommittedEntries` anyway.
        let first = max(committed + 1, core.lastIndex > 20_000 ? core.lastIndex - 20_000 : 1)
        var changes: [LogIndex] = []
        for index in first...core.lastIndex {
            if case .membership? = core.entry(at: index)?.payload { changes.append(index) }
        }
        guard changes.count > 1 else { return nil }
        return "leader n\(core.id) of term \(core.term) has membership changes at \(changes), none committed anywhere (highest \(committed))"
    }

    /// Raft's durability: when an entry first commits, a quorum of voters hold it on disk (a crash
    /// of any minority cannot take it), whatever their cores hold in memory.
    func durableOnQuorum(_ entry: Entry, voters membership: Membership) -> String? {
        let holders = membership.voters.filter { voter in
            guard Int(voter) >= 1, Int(voter) <= nodes.count else { return false }
            let durable = nodes[Int(voter) - 1].durable
            if entry.index <= durable.snapshot.index { return true }
            let position = Int(entry.index - durable.snapshot.index) - 1
            return position < durable.entries.count && durable.entries[position].term == entry.term
        }
        guard holders.count < membership.quorumSize else { return nil }
        return "\(entry.index)/\(entry.term) is on the disks of only \(holders) of voters \(membership.voters)"
    }

    /// Takes every `Ready` the core has. A leader's appends leave at once; each persist completes
    /// at once or, on a slow disk, some ticks later, and later ones queue behind it in order while
    /// the core steps on (etcd's asynchronous storage writes), except after a `Ready` that changes
    /// the term or vote, which everything after it must find durable.
    mutating func drain(_ id: NodeID) {
        let position = Int(id) - 1
        while violation == nil, nodes[position].core != nil, nodes[position].persisting.last?.ready.nextMayOverlap != false,
            let ready = nodes[position].core!.takeReady()
        {
            var sentEarly: Bool?
            if let early = ready.messagesBeforePersist, !early.isEmpty {
                sentEarly = send(early)
                if !ready.persist.entries.isEmpty, chance(profile.crashBeforePersistRate) {
                    record(.note("n\(id) dies between sending and persisting"))
                    crash(id)
                    nodes[position].restartAtTick = now + 1
                    return
                }
            }
            let slow = Double.random(in: 0..<1, using: &random) < profile.slowDiskRate
            guard slow || !nodes[position].persisting.isEmpty else {
                complete(ready, on: id, sentEarly: sentEarly)
                continue
            }
            let diskTicks = slow ? Int.random(in: 1...max(1, profile.maxDiskTicks), using: &random) : 0
            let done = max(now + diskTicks, nodes[position].persisting.last?.doneAtTick ?? 0)
            nodes[position].persisting.append(InFlightPersist(ready: ready, doneAtTick: done, sentEarly: sentEarly))
        }
    }

    /// Completes, oldest first, the persists of `id` that are done by now.
    mutating func completeDuePersists(_ id: NodeID) {
        let position = Int(id) - 1
        var completed = false
        while violation == nil, nodes[position].core != nil, let oldest = nodes[position].persisting.first,
            oldest.doneAtTick <= now
        {
            nodes[position].persisting.removeFirst()
            complete(oldest.ready, on: id, sentEarly: oldest.sentEarly)
            completed = true
        }
        if completed { afterInput(id) }
    }

    /// Puts messages on the network; returns whether a vote just granted should be followed by a
    /// reboot of the voter (a crash point the vote must survive).
    mutating func send(_ messages: [Message]) -> Bool {
        var rebootAfterwards = false
        for message in messages {
            if case .voteResponse(granted: true) = message.body, chance(profile.rebootAfterVoteRate) {
                rebootAfterwards = true
            }
            if let reason = network.send(message, now: now, profile: profile, random: &random) {
                record(.dropped(message, reason: reason))
            }
        }
        return rebootAfterwards
    }

    /// Persist, then report it to the core, send and apply: the order `Ready` prescribes. `sentEarly`
    /// is what `send` returned when the messages already went before the persist; nil sends them here.
    mutating func complete(_ ready: Ready, on id: NodeID, sentEarly: Bool?) {
        let position = Int(id) - 1
        nodes[position].durable.apply(ready.persist)
        if nodes[position].durable.hardState.commit < nodes[position].durableCommit {
            return fail(
                "commit index monotonic",
                "n\(id)'s durable commit index went from \(nodes[position].durableCommit) back to \(nodes[position].durable.hardState.commit)")
        }
        nodes[position].durableCommit = nodes[position].durable.hardState.commit
        checkPersisted(ready.persist.entries, on: id)
        let outbox = ready.persisted()
        nodes[position].core?.persisted(ready.persist)
        observe(id)
        let rebootAfterwards = sentEarly ?? send(outbox.messages)
        if let snapshot = outbox.restore {
            guard let restored = StateMachine(decoding: snapshot.data) else {
                return fail("snapshot", "n\(id) received an unreadable snapshot at \(snapshot.index)")
            }
            nodes[position].stateMachine = restored
            record(.snapshotInstalled(id, index: snapshot.index))
            if let problem = checker.sameState(at: snapshot.index, digest: restored.digest, on: id) {
                return fail("state machine safety", problem)
            }
        }
        for entry in outbox.committedEntries {
            let previous = nodes[position].stateMachine.appliedIndex
            nodes[position].stateMachine.apply(entry)
            let digest = nodes[position].stateMachine.digest
            if let problem = checker.applied(entry, after: previous, digest: digest, on: id) {
                return fail("state machine safety", problem)
            }
        }
        let applied = nodes[position].stateMachine.appliedIndex
        if applied < nodes[position].highestApplied {
            return fail("applied index monotonic", "n\(id)'s applied index went from \(nodes[position].highestApplied) back to \(applied)")
        }
        nodes[position].highestApplied = applied
        for read in outbox.readStates {
            guard let asked = pendingReads[read.context] else { continue }
            if read.index < asked.atLeast {
                return fail("linearizable read", "n\(asked.node) read at \(read.index) after \(asked.atLeast) was committed")
            }
            pendingReads[read.context]?.readIndex = read.index
        }
        serveReads(at: id)
        compactIfDue(id)
        if rebootAfterwards {
            crash(id)
            nodes[position].restartAtTick = now + 1
        }
    }

    /// Serves the confirmed reads of `id` whose read index it has applied: the state they see holds
    /// everything committed anywhere when they were asked.
    private mutating func serveReads(at id: NodeID) {
        let applied = nodes[Int(id) - 1].stateMachine.appliedIndex
        for (context, read) in pendingReads.sorted(by: { $0.key < $1.key }) where read.node == id {
            guard let readIndex = read.readIndex, readIndex <= applied else { continue }
            pendingReads[context] = nil
            guard applied >= read.atLeast else {
                return fail("linearizable read", "n\(id) served a read at applied \(applied) after \(read.atLeast) was committed")
            }
            confirmedReads += 1
        }
    }

    private mutating func checkPersisted(_ entries: [Entry], on id: NodeID) {
        guard let first = entries.first else { return }
        let durable = nodes[Int(id) - 1].durable
        var previousTerm = first.index - 1 == durable.snapshot.index
            ? durable.snapshot.term
            : durable.entries.first { $0.index == first.index - 1 }?.term ?? 0
        for entry in entries {
            if let problem = checker.persisted(entry, previousTerm: previousTerm, on: id) {
                return fail("log matching", problem)
            }
            previousTerm = entry.term
        }
    }

    /// Odd nodes compact as the center-node does, without a copy of the state (the simulated state
    /// machine survives crashes, as a database does), and copy it only when a follower needs it;
    /// even nodes copy it at every compaction. Chosen by id, so no run's random stream changes.
    private mutating func compactIfDue(_ id: NodeID) {
        let position = Int(id) - 1
        guard let core = nodes[position].core else { return }
        let applied = nodes[position].stateMachine.appliedIndex
        guard applied == core.appliedIndex else { return }
        if core.snapshotDataWanted { return compact(id, through: applied, data: nodes[position].stateMachine.encoded) }
        guard applied >= core.snapshotIndex + UInt64(profile.compactEveryEntries) else { return }
        compact(id, through: applied, data: id % 2 == 1 ? [] : nodes[position].stateMachine.encoded)
    }

    private mutating func compact(_ id: NodeID, through index: LogIndex, data: [UInt8]) {
        let position = Int(id) - 1
        guard let snapshot = nodes[position].core?.compact(through: index, data: data) else { return }
        nodes[position].durable.compact(to: snapshot)
        record(.snapshotTaken(id, index: snapshot.index))
    }

    // MARK: Records

    mutating func fail(_ invariant: String, _ detail: String) {
        guard violation == nil else { return }
        violation = Violation(tick: now, invariant: invariant, detail: detail)
        record(.note("VIOLATION \(invariant): \(detail)"))
    }

    mutating func record(_ event: SimulationEvent) {
        let traced = TracedEvent(tick: now, event: event)
        trace.record(traced)
        if options.recordTimeline && event.isTimeline && timeline.count < options.maxTimelineEvents {
            timeline.append(traced)
        }
    }

    /// The last events before now, oldest first.
    public var recentTrace: [TracedEvent] { trace.ordered }
}
