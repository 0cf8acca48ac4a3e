import ClientAPI
import Consensus
import Dispatch
import ContactCenter
import GRDB
import NodeRuntime

/// The replicated application of a center node: tickets, the contact-center model, and the ledger
/// that applies each client write at most once. Applying is deterministic: it reads no clock (the
/// leader's time travels in the command) and no randomness, so every node computes the same tables
/// and the same answers.
public final class CenterState: ApplicationState {
    /// An applied write's answer, for the node to hand to the client waiting on it, if any.
    public struct AppliedAnswer: Sendable, Equatable {
        public var index: LogIndex
        public var client: String
        public var requestId: String
        /// The answer as the ledger keeps it (so a retry gets the same bytes).
        public var stored: StoredAnswer

        /// The JSON the client gets, rendered only for the node a client waits on.
        public var answer: [UInt8] { stored.json(requestId: requestId) }
    }

    private var answers: [AppliedAnswer] = []
    /// The contact-center model, kept in memory and rebuilt from the `cc_` tables (an image and the
    /// commands since) on start, after a snapshot is installed, and whenever a rolled-back
    /// transaction left the tables behind it.
    private var versioned = ContactCenterJournal.Versioned(model: nil, lastIndex: nil)
    /// Where the request ledger's records are, by request.
    private var ledger = LedgerIndex()
    /// The ledger's records of the apply under way, stored at its end.
    private var unwrittenLedger: RequestLedger.Unwritten = []
    /// The ticket rows appends read. Internal for tests, which compare it with the table.
    private(set) var ticketRows = TicketRowCache()
    /// Whether an apply began and has not returned: one that threw left its transaction to roll back.
    private var applying = false

    /// The contact-center model as applied so far; nil until a topology is loaded. A Sendable
    /// value: the node may copy it and answer reads from the copy on any thread.
    public var contactCenter: ContactCenterState? { versioned.model }

    /// Commands the contact-center journal holds at least before a new image replaces it, so that
    /// a quiet cluster does not rewrite its image every few commands.
    private let checkpoints: Checkpoints

    /// `imagesInBackground` false encodes each checkpoint image in the transaction that makes it
    /// due, for tests that want every step in order.
    public init(minCommandsPerCheckpoint: Int = 10_000, imagesInBackground: Bool = true) {
        precondition(minCommandsPerCheckpoint >= 1)
        checkpoints = Checkpoints(
            minCommandsPerCheckpoint: minCommandsPerCheckpoint,
            encoder: CheckpointEncoder(mode: imagesInBackground ? .background : .inline))
    }

    /// Waits until no checkpoint image is being encoded, for at most `timeout`; false when one still
    /// is. For tests that wait on the background.
    public func waitForCheckpoint(timeout: DispatchTimeInterval) -> Bool { checkpoints.encoder.waitUntilIdle(timeout: timeout) }

    /// `events.list` on the applied history.
    public static func events(_ args: EventListArgs, in db: Database) throws -> EventPage {
        try EventHistory.list(args, in: db)
    }

    /// The answers of the writes applied since the last call, in log order.
    public func takeAnswers() -> [AppliedAnswer] {
        defer { answers = [] }
        return answers
    }

    public func prepare(in db: Database) throws {
        ticketRows.forgetAll()
        try CenterSchema.create(db)
        checkpoints.encoder.discard()
        versioned = try ContactCenterJournal.rebuild(in: db)
        try RequestLedger.rebuild(&ledger, in: db)
    }

    public func apply(_ entries: [Entry], in db: Database) throws {
        if try ContactCenterJournal.lastIndex(in: db) != versioned.lastIndex {
            versioned = try ContactCenterJournal.rebuild(in: db)
        }
        // Entries that do not follow the last applied ones: a transaction that applied them was
        // rolled back, and the ledger's index may hold what it did, or lack what it pruned; so may
        // the cached ticket rows, as after an apply that threw.
        if let first = entries.first, let through = ledger.appliedThrough, first.index != through + 1 {
            try RequestLedger.rebuild(&ledger, in: db)
            ticketRows.forgetAll()
        }
        if applying { ticketRows.forgetAll() }
        applying = true
        if let image = checkpoints.encoder.take() { try ContactCenterJournal.install(image, in: db) }
        // Left by an apply that threw: its transaction rolled back.
        unwrittenLedger.removeAll(keepingCapacity: true)
        try applyEach(entries, in: db)
        applying = false
    }

    private func applyEach(_ entries: [Entry], in db: Database) throws {
        for entry in entries {
            if case .membership(let membership) = entry.payload {
                try EventHistory.recordMembership(membership, index: entry.index, in: db)
            }
            // Only this program's nodes propose commands, so one that does not decode comes from a
            // newer version: it changes nothing here, and a client waiting on it is told so.
            guard case .command(let bytes) = entry.payload, let command = Command.decode(bytes) else { continue }
            try apply(command, at: entry.index, in: db)
            try RequestLedger.pruneIfDue(index: entry.index, nowMs: command.atMs, from: &ledger, unwritten: &unwrittenLedger, in: db)
        }
        try RequestLedger.write(&unwrittenLedger, in: db)
        if let last = entries.last { ledger.appliedThrough = last.index }
    }

    private func apply(_ command: Command, at index: LogIndex, in db: Database) throws {
        let answer: StoredAnswer
        let key = ledger.hashed(LedgerIndex.Key(client: command.client, requestId: command.requestId))
        if let earlier = try RequestLedger.earlier(key, index: ledger, unwritten: unwrittenLedger, in: db) {
            answer = earlier.isRetry(command) ? earlier.answer : Self.reusedRequestID(command, appliedAt: earlier.index)
        } else {
            answer = try execute(command, at: index, in: db)
            RequestLedger.record(command, key: key, index: index, answer: answer, into: &ledger, unwritten: &unwrittenLedger)
        }
        answers.append(AppliedAnswer(index: index, client: command.client, requestId: command.requestId, stored: answer))
    }

    private func execute(_ command: Command, at index: LogIndex, in db: Database) throws -> StoredAnswer {
        if let problem = CommandLimits.problem(with: command.action) {
            return Self.encode(Result<TicketWriteResult, APIError>.failure(APIError(.badRequest, problem)), command)
        }
        switch command.action {
        case .ticketCreate(let args):
            return try ticketAnswer(TicketWrites.create(args, command, in: db), command, index: index, in: db)
        case .ticketAppend(let args):
            return try ticketAnswer(TicketWrites.append(args, command, rows: &ticketRows, in: db), command, index: index, in: db)
        case .ticketUpdate(let args):
            ticketRows.forget(args.ticketId)
            return try ticketAnswer(TicketUpdate.apply(args, command, in: db), command, index: index, in: db)
        case .topologyLoad(let topology):
            return Self.encode(try ContactCenterWrites.load(
                    topology, into: &versioned, command, index: index, checkpoints: checkpoints, rows: &ticketRows, in: db), command)
        case .contactCenter(let change):
            return Self.encode(try ContactCenterWrites.apply(
                change, to: &versioned, command, index: index, checkpoints: checkpoints, rows: &ticketRows, in: db), command)
        case .leaderElected(let election):
            try EventHistory.insert(
                .leaderElected, center: election.center, text: election.sentence, index: index, atMs: command.atMs, cause: "raft", in: db)
            let answer = ContactCenterAnswer(contact: nil, events: [election.sentence], appliedIndex: index)
            return Self.encode(Result<ContactCenterAnswer, APIError>.success(answer), command)
        case .drillMarked(let mark):
            let kind: EventKind =
                switch mark.phase {
                case .started: .drillStarted
                case .aborted: .drillAborted
                case .finished: .drillFinished
                }
            let text = "drill \(mark.drill) \(mark.phase.rawValue): \(mark.text)"
            try EventHistory.insert(kind, center: mark.center, text: text, index: index, atMs: command.atMs, cause: command.author, in: db)
            return Self.encode(Result<ContactCenterAnswer, APIError>.success(ContactCenterAnswer(contact: nil, events: [text], appliedIndex: index)), command)
        }
    }

    /// A ticket written active at a dark or draining center (created there, or reopened after its
    /// center left) moves as that center's other tickets did.
    private func ticketAnswer(
        _ outcome: Result<Ticket, APIError>, _ command: Command, index: LogIndex, in db: Database
    ) throws -> StoredAnswer {
        var outcome = outcome
        if case .success(let ticket) = outcome, ticket.state.isActive, let model = versioned.model,
            let status = model.centers[ticket.center]?.status, TicketFailover.isLeaving(status)
        {
            try TicketFailover.rehome(
                ticketsOf: ticket.center, model: model, at: .init(index: index, atMs: command.atMs), rows: &ticketRows, in: db)
            // The move's line is this write's too.
            outcome = .success(try TicketQueries.ticket(ticket.id, linesFrom: ticket.lineCount - ticket.history.count, in: db) ?? ticket)
        }
        switch outcome {
        case .success(let ticket): return .ticketWrite(TicketWriteResult(ticket: ticket, appliedIndex: index))
        case .failure(let error): return Self.encode(Result<TicketWriteResult, APIError>.failure(error), command)
        }
    }

    private static func reusedRequestID(_ command: Command, appliedAt index: UInt64) -> StoredAnswer {
        let message = "requestId \(command.requestId) was used for a different write (applied at index \(index)); give each new write a new id"
        return encode(Result<TicketWriteResult, APIError>.failure(APIError(.conflict, message)), command)
    }

    private static func encode<Answer: Codable & Sendable>(_ outcome: Result<Answer, APIError>, _ command: Command) -> StoredAnswer {
        switch outcome {
        case .success(let result): .json(APIJSON.encode(Response(requestId: command.requestId, result: result)))
        case .failure(let error): .json(APIJSON.encode(Response<Answer>(requestId: command.requestId, error: error)))
        }
    }

    public static func snapshot(in db: Database) throws -> [UInt8] {
        try CenterSnapshot.take(db)
    }

    public func restore(_ data: [UInt8], in db: Database) throws {
        ticketRows.forgetAll()
        try CenterSnapshot.restore(data, db)
        checkpoints.encoder.discard()
        versioned = try ContactCenterJournal.rebuild(in: db)
        try RequestLedger.rebuild(&ledger, in: db)
    }
}
