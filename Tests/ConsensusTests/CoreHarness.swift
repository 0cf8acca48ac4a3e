import Consensus
import Testing

/// Builders for the paper tests: cores driven by hand, messages written out in full.
enum Paper {
    /// Election timeout of every core in these tests (T); timeouts fall in [T, 2T).
    static let electionTimeout = 10

    /// A configuration with pre-vote off unless asked for, so that a timeout starts a real election.
    static func configuration(
        _ id: NodeID, preVote: Bool = false, _ tweak: (inout RaftConfiguration) -> Void = { _ in }
    ) -> RaftConfiguration {
        var configuration = RaftConfiguration(id: id)
        configuration.electionTimeoutTicks = electionTimeout
        configuration.preVote = preVote
        tweak(&configuration)
        return configuration
    }

    /// A log as the paper draws it: `terms[i]` is the term of the entry at index i + 1. Entry 1 is
    /// the founding membership of term 1, as `DurableState.bootstrap` writes it; every other entry
    /// carries a command naming its index and term, so two logs are equal only if they agree everywhere.
    static func log(voters: [NodeID], terms: [Term]) -> [Entry] {
        precondition(terms.first == 1, "entry 1 is the founding membership of term 1")
        let founding = Entry(term: 1, index: 1, payload: .membership(Membership(voters: voters)))
        return [founding] + entries(from: 2, terms: terms.dropFirst())
    }

    /// Entries from `first` on with the given terms, each carrying a command naming its index and term.
    static func entries(from first: LogIndex, terms: some Collection<Term>) -> [Entry] {
        terms.enumerated().map { offset, term in
            let index = first + LogIndex(offset)
            return Entry(term: term, index: index, payload: command(index: index, term: term))
        }
    }

    static func command(index: LogIndex, term: Term) -> EntryPayload {
        .command([UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: term)])
    }

    /// What a founding voter restarts from after it saw `terms` in its log; `term` defaults to the last entry's.
    static func state(
        voters: [NodeID], terms: [Term], term: Term? = nil, vote: NodeID? = nil, commit: LogIndex = 1
    ) -> DurableState {
        DurableState(
            hardState: HardState(term: term ?? terms.max() ?? 0, vote: vote, commit: commit), snapshot: .empty,
            entries: log(voters: voters, terms: terms))
    }

    static func message(_ from: NodeID, _ to: NodeID, term: Term, _ body: MessageBody) -> Message {
        Message(from: from, to: to, term: term, body: body)
    }

    /// An append with no entries (a probe), at the given previous index and term.
    static func probe(previousIndex: LogIndex, previousTerm: Term, commit: LogIndex) -> MessageBody {
        .append(Append(previousIndex: previousIndex, previousTerm: previousTerm, entries: [], commit: commit))
    }

    /// Node 1 elected by hand in term 2 among `voters` (granted by every other voter), its no-op at
    /// index 2 acknowledged by every follower and committed; all its output drained.
    static func establishedLeader(
        voters: [NodeID], _ tweak: (inout RaftConfiguration) -> Void = { _ in }
    ) throws -> PaperPeer {
        var leader = try PaperPeer(configuration(1, tweak), durable: .bootstrap(voters: voters))
        try leader.timeOut()
        _ = leader.drain()
        for voter in voters where voter != 1 {
            leader.step(message(voter, 1, term: leader.node.term, .voteResponse(granted: true)))
        }
        _ = leader.drain()
        try #require(leader.node.role == .leader)
        for voter in voters where voter != 1 {
            leader.step(message(voter, 1, term: leader.node.term, .appendResponse(.accepted(matchIndex: 2))))
        }
        _ = leader.drain()
        try #require(leader.node.commitIndex == 2)
        return leader
    }

    /// Node 1 among `voters`, in `role`, term 2 for a candidate or leader and 1 otherwise.
    static func core(
        in role: Role, voters: [NodeID], _ tweak: (inout RaftConfiguration) -> Void = { _ in }
    ) throws -> PaperPeer {
        if role == .leader { return try establishedLeader(voters: voters, tweak) }
        var peer = try PaperPeer(
            configuration(1, preVote: role == .preCandidate, tweak), durable: .bootstrap(voters: voters))
        if role != .follower { try peer.timeOut() }
        _ = peer.drain()
        try #require(peer.node.role == role)
        return peer
    }
}

/// One core and what its shell did with it: the durable state it persisted, the entries it
/// applied and the reads it was told to serve.
struct PaperPeer {
    var node: RaftNode
    private(set) var durable: DurableState
    private(set) var applied: [Entry] = []
    private(set) var readStates: [ReadState] = []
    private let seed: UInt64

    init(_ configuration: RaftConfiguration, durable: DurableState, seed: UInt64 = 1) throws {
        node = try RaftNode(configuration: configuration, restoring: durable, random: SeededRandom(seed: seed))
        self.durable = durable
        self.seed = seed
    }

    var id: NodeID { node.id }

    /// Every entry the core holds, in order.
    var entries: [Entry] {
        guard node.lastIndex > node.snapshotIndex else { return [] }
        return ((node.snapshotIndex + 1)...node.lastIndex).compactMap { node.entry(at: $0) }
    }

    mutating func step(_ message: Message) { node.step(message) }

    mutating func tick(_ count: Int = 1) {
        for _ in 0..<count { node.tick() }
    }

    /// Ticks until `done` holds, at most `limit` ticks, and returns how many it took (a test
    /// failure when `done` never held).
    @discardableResult
    mutating func tick(limit: Int, until done: (RaftNode) -> Bool) throws -> Int {
        var count = 0
        while count < limit {
            node.tick()
            count += 1
            if done(node) { return count }
        }
        let held: Int? = nil
        return try #require(held, "node \(id): condition not reached within \(limit) ticks")
    }

    /// Ticks a follower or candidate until its election timer fires (at most 2T ticks): the role
    /// or term changes. Returns how many ticks it took.
    @discardableResult
    mutating func timeOut() throws -> Int {
        let (role, term) = (node.role, node.term)
        return try tick(limit: 2 * node.configuration.electionTimeoutTicks) { $0.role != role || $0.term != term }
    }

    /// The core's next `Ready`, which must exist; the caller inspects it, then `carryOut`s it.
    mutating func takeReady() throws -> Ready {
        let ready = node.takeReady()
        return try #require(ready, "node \(id) had no Ready")
    }

    /// Carries out every pending `Ready` as a shell must (persist, then send and apply) and
    /// returns the messages released.
    mutating func drain() -> [Message] {
        var messages: [Message] = []
        for _ in 0..<64 {
            guard let ready = node.takeReady() else { return messages }
            messages += carryOut(ready).messages
        }
        Issue.record("node \(id) still had output after 64 Readys")
        return messages
    }

    /// Persists one `Ready` taken from `node`, then records what it lets the shell apply and serve.
    @discardableResult
    mutating func carryOut(_ ready: Ready) -> Outbox {
        durable.apply(ready.persist)
        let outbox = ready.persisted()
        node.persisted(ready.persist)
        applied += outbox.committedEntries
        readStates += outbox.readStates
        return outbox
    }

    /// A crash and restart from exactly what was persisted.
    mutating func restart() throws {
        _ = drain()
        node = try RaftNode(
            configuration: node.configuration, restoring: durable, appliedIndex: applied.last?.index ?? 0,
            random: SeededRandom(seed: seed &+ 1))
    }
}

/// Cores wired to one another: `run` carries every message, in the order sent, until none is left.
struct PaperNetwork {
    private(set) var peers: [NodeID: PaperPeer] = [:]
    /// Messages to or from these nodes are lost.
    var isolated: Set<NodeID> = []
    private(set) var delivered = 0

    init(_ peers: [PaperPeer]) {
        for peer in peers { self.peers[peer.id] = peer }
    }

    subscript(id: NodeID) -> PaperPeer {
        get { peers[id]! }
        set { peers[id] = newValue }
    }

    /// Delivers messages until the network is quiet, in at most `maxSteps` deliveries.
    mutating func run(maxSteps: Int = 10_000) throws {
        let quiet = deliver(maxSteps: maxSteps)
        try #require(quiet, "messages still in flight after \(maxSteps) deliveries")
    }

    private mutating func deliver(maxSteps: Int) -> Bool {
        var queue = peers.keys.sorted().flatMap { peers[$0]!.drain() }
        var next = 0
        var steps = 0
        while next < queue.count {
            guard steps < maxSteps else { return false }
            let message = queue[next]
            next += 1
            steps += 1
            guard !isolated.contains(message.from), !isolated.contains(message.to), peers[message.to] != nil else {
                continue
            }
            peers[message.to]!.step(message)
            delivered += 1
            queue += peers[message.to]!.drain()
        }
        return true
    }

    /// Lets `id` time out and campaign, then runs the election to the end.
    mutating func elect(_ id: NodeID) throws {
        try peers[id]!.timeOut()
        try run()
        try #require(peers[id]!.node.role == .leader)
    }

    /// One heartbeat interval on `leader`, then delivery until quiet: followers learn the commit index.
    mutating func heartbeat(from leader: NodeID) throws {
        peers[leader]!.tick(peers[leader]!.node.configuration.heartbeatIntervalTicks)
        try run()
    }
}
