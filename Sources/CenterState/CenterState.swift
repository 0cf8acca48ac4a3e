import ClientAPI
import Consensus
import GRDB
import NodeRuntime

/// The replicated application of a center node: tickets, and the ledger that applies each client
/// write at most once. Applying is deterministic: it reads no clock (the leader's time travels in
/// the command) and no randomness, so every node computes the same tables and the same answers.
public final class CenterState: ApplicationState {
    /// An applied write's answer, for the node to hand to the client waiting on it, if any.
    public struct AppliedAnswer: Sendable, Equatable {
        public var index: LogIndex
        public var client: String
        public var requestId: String
        /// The JSON answer, as stored in the ledger (so a retry gets the same bytes).
        public var answer: [UInt8]
    }

    private var answers: [AppliedAnswer] = []

    public init() {}

    /// The answers of the writes applied since the last call, in log order.
    public func takeAnswers() -> [AppliedAnswer] {
        defer { answers = [] }
        return answers
    }

    public func prepare(in db: Database) throws {
        try CenterSchema.create(db)
    }

    public func apply(_ entries: [Entry], in db: Database) throws {
        for entry in entries {
            // Only this program's nodes propose commands, so one that does not decode comes from a
            // newer version: it changes nothing here, and a client waiting on it is told so.
            guard case .command(let bytes) = entry.payload, let command = Command.decode(bytes) else { continue }
            try apply(command, at: entry.index, in: db)
            try RequestLedger.pruneIfDue(index: entry.index, nowMs: command.atMs, in: db)
        }
    }

    private func apply(_ command: Command, at index: LogIndex, in db: Database) throws {
        let answer: [UInt8]
        if let earlier = try RequestLedger.answer(client: command.client, requestId: command.requestId, in: db) {
            answer = earlier
        } else {
            answer = try execute(command, at: index, in: db)
            try RequestLedger.record(
                client: command.client, requestId: command.requestId, index: index, atMs: command.atMs,
                answer: answer, in: db)
        }
        answers.append(AppliedAnswer(index: index, client: command.client, requestId: command.requestId, answer: answer))
    }

    private func execute(_ command: Command, at index: LogIndex, in db: Database) throws -> [UInt8] {
        let outcome: Result<Ticket, APIError>
        if let problem = CommandLimits.problem(with: command.action) {
            outcome = .failure(APIError(.badRequest, problem))
        } else {
            switch command.action {
            case .ticketCreate(let args): outcome = try TicketWrites.create(args, command, in: db)
            case .ticketAppend(let args): outcome = try TicketWrites.append(args, command, in: db)
            }
        }
        switch outcome {
        case .success(let ticket):
            return APIJSON.encode(
                Response(requestId: command.requestId, result: TicketWriteResult(ticket: ticket, appliedIndex: index)))
        case .failure(let error):
            return APIJSON.encode(Response<TicketWriteResult>(requestId: command.requestId, error: error))
        }
    }

    public func snapshot(in db: Database) throws -> [UInt8] {
        try CenterSnapshot.take(db)
    }

    public func restore(_ data: [UInt8], in db: Database) throws {
        try CenterSnapshot.restore(data, db)
    }
}
