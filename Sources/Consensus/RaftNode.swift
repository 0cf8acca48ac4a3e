/// The Raft core: a value with `mutating` handlers. Inputs are ticks, messages and requests;
/// outputs accumulate until `takeReady()` hands them to the shell, which persists, then sends,
/// then applies. It owns no socket, file, clock, thread or randomness of its own.
public struct RaftNode: Sendable {
    public let configuration: RaftConfiguration
    public var id: NodeID { configuration.id }

    var random: SeededRandom
    public internal(set) var term: Term = 0
    var vote: NodeID?
    public internal(set) var role: Role = .follower
    public internal(set) var leader: NodeID?
    var log: RaftLog
    /// The committed membership (a change takes effect when its entry commits).
    public internal(set) var membership: Membership
    var membershipIndex: LogIndex

    var progress: [NodeID: Progress] = [:]
    var votes: [NodeID: Bool] = [:]
    var electionElapsedTicks = 0
    var heartbeatElapsedTicks = 0
    var commitNoticeElapsedTicks = 0
    var randomizedElectionTimeoutTicks = 0
    var transfer: (target: NodeID, elapsedTicks: Int)?
    /// The leader refuses another membership change until the entry at this index commits.
    var pendingMembershipIndex: LogIndex = 0
    var reads = ReadIndexQueue()
    /// The last index of this log the shell reported durable (`persisted(through:term:)`): all a
    /// leader may count itself as holding. It never exceeds the last index.
    var durableIndex: LogIndex

    var outgoing: [Message] = []
    var readStates: [ReadState] = []
    var reportedHardState: HardState
    var reportedSoftState: SoftState
    var receivedSnapshot: Snapshot?
    /// Set when an invariant failed to hold (a planted bug's), or when the leader shows that this
    /// node's storage lost what it had acknowledged. The core then takes no more input; the shell
    /// must stop the node.
    public internal(set) var brokenInvariant: String?

    /// Restarts a core from exactly what its shell made durable. `appliedIndex` is how far the
    /// application state (persisted by the shell) already goes.
    public init(
        configuration: RaftConfiguration, restoring durable: DurableState, appliedIndex: LogIndex = 0,
        random: SeededRandom
    ) throws(CoreSetupError) {
        if let problem = configuration.problems.first { throw .invalidConfiguration(problem.description) }
        if let defect = durable.defect { throw .corruptDurableState(defect) }
        self.configuration = configuration
        self.random = random
        log = RaftLog(
            snapshot: durable.snapshot, entries: durable.entries, committed: durable.hardState.commit,
            applied: appliedIndex)
        durableIndex = log.lastIndex
        term = durable.hardState.term
        vote = durable.hardState.vote
        membership = durable.snapshot.membership
        membershipIndex = durable.snapshot.index
        reportedHardState = durable.hardState
        reportedSoftState = SoftState(role: .follower, leader: nil)
        adoptCommittedMembership(from: durable.snapshot.index + 1)
        resetElectionTimer()
    }

    // MARK: Inputs

    /// One unit of logical time.
    public mutating func tick() {
        guard brokenInvariant == nil else { return }
        if role == .leader {
            tickLeader()
        } else {
            electionElapsedTicks += 1
            if isVoter && electionElapsedTicks >= randomizedElectionTimeoutTicks {
                campaign(leadershipTransfer: false)
            }
        }
    }

    /// The shell saw its link to the leader drop (a crashed process closes its connections at
    /// once): forget the leader and campaign within half an election timeout instead of a whole
    /// one. The moment is random, because every follower saw the same drop and simultaneous
    /// campaigns split the vote. Pre-vote and leader stickiness on the other voters keep a mere
    /// blip from unseating a healthy leader.
    public mutating func leaderConnectionLost() {
        guard brokenInvariant == nil, role == .follower, leader != nil, isVoter else { return }
        leader = nil
        let spreadTicks = UInt64(max(1, configuration.electionTimeoutTicks / 2))
        randomizedElectionTimeoutTicks = electionElapsedTicks + 1 + Int(random.next(upperBound: spreadTicks))
    }

    /// The shell could not reach `peer`: stop pipelining to it until it answers again.
    public mutating func peerUnreachable(_ peer: NodeID) {
        guard role == .leader, progress[peer]?.state == .replicate else { return }
        progress[peer]?.becomeProbe()
    }

    /// The shell made this log durable through `index`, whose entry (or snapshot) has `entryTerm`:
    /// the last position of a `PersistWork` (`durableThrough`), reported once its fsync returned,
    /// like etcd's `MsgStorageAppendResp`. A report for entries replaced since is ignored. A leader
    /// counts itself toward a quorum only up to here, so the shell may persist one turn while it
    /// steps the next.
    public mutating func persisted(through index: LogIndex, term entryTerm: Term) {
        guard brokenInvariant == nil, index > durableIndex, index <= log.lastIndex, log.term(at: index) == entryTerm else {
            return
        }
        durableIndex = index
        guard role == .leader, progress[id]?.acknowledge(matchIndex: index) == true else { return }
        advanceCommit()
    }

    /// `persisted(through:term:)` for the position `work` made durable, if it holds one.
    public mutating func persisted(_ work: PersistWork) {
        guard let position = work.durableThrough else { return }
        persisted(through: position.index, term: position.term)
    }

    /// Proposes a command. On a follower it is forwarded to the leader when that is allowed.
    public mutating func propose(_ command: [UInt8]) -> ProposalOutcome {
        propose(batch: [command])
    }

    /// Proposes commands as consecutive entries in one append: `.appended(index:)` is the first one's.
    public mutating func propose(batch commands: [[UInt8]]) -> ProposalOutcome {
        guard brokenInvariant == nil else { return .rejected(.notLeader(leader: nil)) }
        guard role == .leader else {
            guard configuration.forwardProposals, let leader else { return .rejected(.notLeader(leader: leader)) }
            send(to: leader, .forwardedProposal(commands))
            return .forwarded(to: leader)
        }
        if let refusal = proposalRefusal(count: commands.count) { return .rejected(refusal) }
        let first = log.lastIndex + 1
        appendAsLeader(commands.map { .command($0) })
        return .appended(index: first, term: term)
    }

    /// Proposes a one-server membership change (leader only).
    public mutating func proposeMembershipChange(_ change: MembershipChange) -> ProposalOutcome {
        guard role == .leader else { return .rejected(.notLeader(leader: leader)) }
        if let refusal = proposalRefusal(count: 1) { return .rejected(refusal) }
        let careless = configuration.plantedBug == .twoMembershipChangesInFlight
        guard careless || (pendingMembershipIndex <= log.committed && log.term(at: log.committed) == term) else {
            return .rejected(.membershipChangePending)
        }
        if case .promote(let learner) = change {
            let lag = log.lastIndex - (progress[learner]?.match ?? 0)
            guard lag <= UInt64(configuration.maxPromotionLagEntries) else {
                return .rejected(.learnerNotCaughtUp(lagEntries: lag))
            }
        }
        switch membership.applying(change) {
        case .failure(let refusal):
            return .rejected(refusal)
        case .success(let next):
            appendAsLeader([.membership(next)])
            pendingMembershipIndex = log.lastIndex
            return .appended(index: log.lastIndex, term: term)
        }
    }

    /// Hands leadership to `target` (§3.10): bring it up to date, then tell it to campaign.
    public mutating func transferLeadership(to target: NodeID) -> ProposalRejection? {
        guard role == .leader else { return .notLeader(leader: leader) }
        guard target != id else { return nil }
        guard membership.isVoter(target), progress[target] != nil else { return .notAVoter(target) }
        if transfer?.target == target { return nil }
        transfer = (target, 0)
        electionElapsedTicks = 0
        if progress[target]?.match == log.lastIndex {
            handOver(to: target)
        } else {
            _ = sendAppend(to: target, evenIfEmpty: true)
        }
        return nil
    }

    /// Installs a snapshot the application took of its state up to `index` (at most the applied
    /// index) and drops the log entries it covers. Persist the returned snapshot, then compact storage.
    ///
    /// Empty `data` compacts without a copy of the state: for an application that keeps its state
    /// durable itself at the applied index (a database), as etcd's backend does. The copy is made
    /// only when a follower needs it (`snapshotDataWanted`) and handed over here, at this index or
    /// a later one.
    public mutating func compact(through index: LogIndex, data: [UInt8]) -> Snapshot? {
        if log.snapshot.takesData(data, at: index) {
            log.attachSnapshotData(data, at: index)
            return log.snapshot
        }
        guard index > log.snapshot.index, index <= log.applied, let snapshotTerm = log.term(at: index) else {
            return nil
        }
        let snapshot = Snapshot(index: index, term: snapshotTerm, membership: membership(at: index), data: data)
        log.compact(to: snapshot)
        return snapshot
    }

    /// Whether this leader holds back a snapshot from a follower because it was compacted without
    /// its data: take the application's snapshot and hand it to `compact(through:data:)`.
    public var snapshotDataWanted: Bool {
        guard role == .leader, log.snapshot.lacksData else { return false }
        return progress.contains { peer, entry in peer != id && entry.next <= log.snapshot.index }
    }

    // MARK: Outputs

    public var hardState: HardState { HardState(term: term, vote: vote, commit: log.committed) }
    public var softState: SoftState { SoftState(role: role, leader: leader) }
    public var commitIndex: LogIndex { log.committed }
    public var appliedIndex: LogIndex { log.applied }
    public var lastIndex: LogIndex { log.lastIndex }
    public var lastTerm: Term { log.lastTerm }
    public var snapshotIndex: LogIndex { log.snapshot.index }
    public var latestSnapshot: Snapshot { log.snapshot }

    /// The term of the entry at `index` if the core still holds it.
    public func term(at index: LogIndex) -> Term? { log.term(at: index) }
    public func entry(at index: LogIndex) -> Entry? { log.entry(at: index) }

    public var hasReady: Bool {
        !outgoing.isEmpty || log.hasUnstable || hardState != reportedHardState || receivedSnapshot != nil
            || log.committed > log.applied || !readStates.isEmpty || softState != reportedSoftState
    }

    /// Everything produced since the last call. The shell carries each `Ready` out in order
    /// (persist, then send, then apply); it may take the next one while a persist is under way
    /// when `Ready.nextMayOverlap` says so, and completes them in the order it took them.
    public mutating func takeReady() -> Ready? {
        guard hasReady else { return nil }
        let currentHardState = hardState
        // Messages may carry the term and vote, so they wait for them; see `Ready.messagesBeforePersist`.
        let termAndVoteDurable = currentHardState.term == reportedHardState.term && currentHardState.vote == reportedHardState.vote
        let messagesMayPrecedePersist = termAndVoteDurable && receivedSnapshot == nil
            && (role == .leader || configuration.plantedBug == .acknowledgeBeforePersist)
        var durableHardState: HardState?
        if currentHardState != reportedHardState {
            durableHardState = currentHardState
            if configuration.plantedBug == .forgetVoteOnRestart { durableHardState?.vote = nil }
            reportedHardState = currentHardState
        }
        var softChange: SoftState?
        if softState != reportedSoftState {
            softChange = softState
            reportedSoftState = softState
        }
        let persist = PersistWork(hardState: durableHardState, snapshot: receivedSnapshot, entries: log.takeUnstable())
        let unsafeApply = configuration.plantedBug == .applyBeforeCommit ? log.lastIndex : nil
        let outbox = Outbox(
            messages: outgoing, restore: receivedSnapshot,
            committedEntries: log.takeCommitted(maxCount: configuration.maxEntriesPerApply, unsafeUpTo: unsafeApply),
            readStates: readStates)
        outgoing.removeAll(keepingCapacity: true)
        readStates.removeAll()
        receivedSnapshot = nil
        let mustSync = !termAndVoteDurable || persist.snapshot != nil || !persist.entries.isEmpty
        return Ready(
            softState: softChange, persist: persist, mustSync: mustSync, outbox: outbox,
            messagesMayPrecedePersist: messagesMayPrecedePersist,
            nextMayOverlap: termAndVoteDurable && persist.snapshot == nil)
    }

    // MARK: Shared helpers

    var isVoter: Bool { membership.isVoter(id) }

    mutating func send(to peer: NodeID, _ body: MessageBody, term messageTerm: Term? = nil) {
        guard peer != id else { return }
        outgoing.append(Message(from: id, to: peer, term: messageTerm ?? term, body: body))
    }

    mutating func resetElectionTimer() {
        electionElapsedTicks = 0
        let timeout = configuration.electionTimeoutTicks
        randomizedElectionTimeoutTicks = timeout + Int(random.next(upperBound: UInt64(timeout)))
    }

    /// TigerBeetle-style: called where an invariant failed to hold. A planted bug records the
    /// failure instead of trapping, so that the simulator can report it.
    mutating func invariantBroken(_ message: String) {
        if configuration.plantedBug != nil {
            brokenInvariant = brokenInvariant ?? message
        } else {
            preconditionFailure("Raft invariant broken on node \(id): \(message)")
        }
    }

    /// The membership in force at `index` (at or below the commit index).
    func membership(at index: LogIndex) -> Membership {
        if index >= membershipIndex { return membership }
        var found = log.snapshot.membership
        var position = log.firstIndex
        while position <= index, let entry = log.entry(at: position) {
            if case .membership(let next) = entry.payload { found = next }
            position += 1
        }
        return found
    }

    mutating func commit(to index: LogIndex) {
        let before = log.committed
        log.commit(to: index)
        guard log.committed > before else { return }
        adoptCommittedMembership(from: before + 1)
    }

    /// Applies the membership entries between `start` and the commit index.
    mutating func adoptCommittedMembership(from start: LogIndex) {
        guard start <= log.committed else { return }
        var position = max(start, log.firstIndex)
        while position <= log.committed, let entry = log.entry(at: position) {
            if case .membership(let next) = entry.payload {
                membership = next
                membershipIndex = position
                membershipChanged()
            }
            position += 1
        }
    }
}

public enum CoreSetupError: Error, Sendable, Equatable {
    case invalidConfiguration(String)
    case corruptDurableState(String)
}
