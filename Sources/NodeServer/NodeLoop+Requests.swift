import CenterState
import ClientAPI
import Consensus
import Foundation
import StrictJSON

extension NodeLoop {
    /// Takes the requests waiting on the client socket: answers what can be answered at once,
    /// starts reads, and proposes all writes of this turn as one batch (one transaction, one fsync).
    func serveClients() throws {
        var batch: [(waiter: WriteWaiter, command: Command)] = []
        // The batch's request keys: looking each new write up in the batch itself cost a copy of
        // every earlier (waiter, command) pair, quadratic in the batch (profiled at 128 clients).
        var batchKeys = Set<RequestKey>()
        for incoming in try clients.receive(limit: Self.maxRequestsPerTurn) {
            switch try classify(incoming) {
            case .answered:
                break
            case .write(let waiter, let command):
                let key = RequestKey(client: command.client, requestId: command.requestId)
                if writes.count + batch.count >= writes.capacity {
                    reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.busy, "too many writes are waiting on node \(config.id)"))
                } else if writeIDsByRequest[key] != nil || !batchKeys.insert(key).inserted {
                    reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.busy, "request \(command.requestId) is already in progress"))
                } else {
                    batch.append((waiter, command))
                }
            }
        }
        if !batch.isEmpty { try propose(batch) }
    }

    enum Classified {
        case answered
        case write(WriteWaiter, Command)
    }

    private func classify(_ received: ClientEndpoint.Incoming) throws -> Classified {
        var incoming = received
        if let problem = incoming.shapeProblem {
            replyUnparsed(incoming, APIError(.badRequest, problem))
            return .answered
        }
        guard incoming.body.count <= config.limits.maxFrameBytes else {
            clientRequestsOversized += 1
            let limit = config.limits.maxFrameBytes
            replyUnparsed(incoming, APIError(.badRequest, "the request's \(incoming.body.count) bytes are over the \(limit)-byte limit"))
            return .answered
        }
        let header: RequestHeader
        do throws(StrictJSONError) {
            incoming.document = try StrictJSON.parse(incoming.body)
            if let plain = PlainRequest.header(incoming.document) {
                header = plain
            } else {
                header = try StrictJSON.decode(RequestHeader.self, from: incoming.document, rejectingUnknownFields: false)
                if let unknown = StrictJSON.unknownField(in: incoming.document, known: RequestHeader.fields) { throw unknown }
            }
        } catch {
            replyUnparsed(incoming, APIError(.badRequest, error.description))
            return .answered
        }
        // Checked for every request, not only writes: the id is echoed in the answer.
        if let requestId = header.requestId, CommandLimits.isLonger(requestId, than: CommandLimits.maxRequestIdCharacters) {
            replyUnparsed(incoming, APIError(.badRequest, "requestId: longer than \(CommandLimits.maxRequestIdCharacters) characters"))
            return .answered
        }
        guard header.v == apiVersion else {
            replyUnparsed(incoming, APIError(.unsupportedVersion, "this node speaks v \(apiVersion), not \(header.v)"), header)
            return .answered
        }
        guard let op = APIOperation(rawValue: header.op) else {
            replyUnparsed(incoming, APIError(.unknownOperation, "no operation \"\(header.op)\""), header)
            return .answered
        }
        guard let caller = Caller(userID: incoming.userID) else {
            reply(incoming, op, header.requestId, APIError(.forbidden, "this key may not call the client API"))
            return .answered
        }
        if op.requiresAdmin && caller.role != .admin {
            reply(incoming, op, header.requestId, APIError(.forbidden, "\(op.rawValue) needs the admin key"))
            return .answered
        }
        // A node cut off by a drill hears nobody but the drill that may end it early.
        if faults.isBlackout && !op.isDrillFault {
            clientRequestsDroppedByDrill += 1
            return .answered
        }
        do {
            return try dispatch(op, header, caller, incoming)
        } catch let error as APIError {
            reply(incoming, op, header.requestId, error)
            return .answered
        } catch let error as StrictJSONError {
            reply(incoming, op, header.requestId, APIError(.badRequest, error.description))
            return .answered
        }
    }

    private func dispatch(
        _ op: APIOperation, _ header: RequestHeader, _ caller: Caller, _ incoming: ClientEndpoint.Incoming
    ) throws -> Classified {
        switch op {
        case .clusterStatus:
            reply(incoming, op, header.requestId, Response(requestId: header.requestId, result: clusterStatus()))
            return .answered
        case .ticketGet:
            let args = try arguments(TicketGetArgs.self, incoming)
            try read(.ticket(args.ticketId), op, header, incoming)
            return .answered
        case .ticketList:
            let args = try arguments(TicketListArgs.self, incoming, defaults: TicketListArgs())
            try require(args.limit, "args.limit", within: 1...TicketListArgs.maxLimit)
            try read(.tickets(args), op, header, incoming)
            return .answered
        case .faultInject, .faultClear, .faultList:
            try answerFault(op, header, incoming)
            return .answered
        case .eventsList:
            let args = try arguments(EventListArgs.self, incoming, defaults: EventListArgs())
            try require(args.limit, "args.limit", within: 1...EventListArgs.maxLimit)
            try read(.events(args), op, header, incoming)
            return .answered
        case .ticketCreate:
            let asSent = try arguments(TicketCreateArgs.self, incoming)
            var args = asSent
            if args.center == nil { args.center = config.center }
            try TicketPlaces.check(center: asSent.center, in: state.contactCenter?.topology)
            return try write(.ticketCreate(args), op, header, caller, incoming, asSent: .ticketCreate(asSent))
        case .ticketAppend:
            let args = try PlainRequest.ticketAppend(incoming.document) ?? arguments(TicketAppendArgs.self, incoming)
            return try write(.ticketAppend(args), op, header, caller, incoming)
        case .ticketUpdate:
            let args = try arguments(TicketUpdateArgs.self, incoming)
            try TicketPlaces.check(escalatedTo: args.escalatedTo, in: state.contactCenter?.topology)
            return try write(.ticketUpdate(args), op, header, caller, incoming)
        case .leaderTransfer:
            try transferLeadership(try arguments(LeaderTransferArgs.self, incoming), header, incoming)
            return .answered
        case .memberAdd:
            let args = try arguments(MemberAddArgs.self, incoming)
            try changeMembership(.addLearner(try configuredLearner(args)), op, header, incoming)
            return .answered
        case .memberPromote:
            try changeMembership(.promote(try arguments(MemberArgs.self, incoming).id), op, header, incoming)
            return .answered
        case .memberRemove:
            try changeMembership(.remove(try arguments(MemberArgs.self, incoming).id), op, header, incoming)
            return .answered
        default:
            return try dispatchContactCenter(op, header, caller, incoming)
        }
    }

    /// `asSent` is the action before this node filled in defaults, when it did.
    func write(
        _ action: Command.Action, _ op: APIOperation, _ header: RequestHeader, _ caller: Caller,
        _ incoming: ClientEndpoint.Incoming, asSent: Command.Action? = nil
    ) throws -> Classified {
        if let problem = CommandLimits.problem(withRequestID: header.requestId) { throw APIError(.badRequest, problem) }
        if let problem = CommandLimits.problem(with: action) { throw APIError(.badRequest, problem) }
        try requireLeaderOrForwarding(header)
        let requestId = header.requestId ?? ""
        let command = Command(
            client: caller.identity, requestId: requestId, author: caller.author,
            atMs: Int64(Date().timeIntervalSince1970 * 1000), action: action,
            requestFingerprint: RequestFingerprint.of(asSent ?? action))
        let waiter = WriteWaiter(
            incoming: incoming, requestId: requestId, op: op,
            kind: .command(RequestKey(client: caller.identity, requestId: requestId)),
            startedAt: .now)
        return .write(waiter, command)
    }

    private func propose(_ batch: [(waiter: WriteWaiter, command: Command)]) throws {
        let outcome = try driver.perform { $0.propose(batch: batch.map(\.command.encoded)) }
        telemetry.proposed(entries: batch.count)
        let deadline = clockMs + requestTimeoutMs
        for (offset, item) in batch.enumerated() {
            let index: LogIndex?
            let term: Term
            switch outcome {
            case .appended(let first, let appendedTerm):
                index = first + LogIndex(offset)
                term = appendedTerm
            case .forwarded:
                index = nil
                term = driver.core.term
            case .rejected(let rejection):
                reply(item.waiter.incoming, item.waiter.op, item.waiter.requestId, error(for: rejection))
                continue
            }
            register(item.waiter, index: index, term: term, deadlineMs: deadline)
        }
    }

    /// Registers a proposed write; the capacity was checked before proposing. A write of an
    /// earlier term of this node still waiting at the same index was truncated: it is told so.
    func register(_ waiter: WriteWaiter, index: LogIndex?, term: Term, deadlineMs: UInt64) {
        if let index, let replaced = writes.evict(at: index), let old = finishWrite(replaced) {
            reply(old.incoming, old.op, old.requestId, Self.replacedWrite)
        }
        let id = nextWriteID
        nextWriteID += 1
        let added = writes.add(id: id, index: index, term: term, deadlineMs: deadlineMs)
        precondition(added, "write \(id) at \(String(describing: index)) could not wait: capacity or index reused")
        writeWaiters[id] = waiter
        if case .command(let key) = waiter.kind { writeIDsByRequest[key] = id }
    }

    /// A follower forwards unless told not to; without any leader there is no quorum to reach.
    func requireLeaderOrForwarding(_ header: RequestHeader) throws(APIError) {
        let core = driver.core
        if core.role == .leader { return }
        guard let leader = core.leader else {
            throw APIError(.noQuorum, "node \(config.id) knows no leader: it cannot reach a quorum")
        }
        if header.forward == false {
            throw APIError(.notLeader, "node \(config.id) does not lead", leader: leaderHint(leader))
        }
    }

    /// A documented bound on an optional argument.
    func require<Value: BinaryInteger>(_ value: Value?, _ field: String, within range: ClosedRange<Value>) throws(APIError) {
        guard let value, !range.contains(value) else { return }
        let upper = range.upperBound == Value(exactly: Int64.max) ? "or more" : "to \(range.upperBound)"
        throw APIError(.badRequest, "\(field): must be \(range.lowerBound) \(upper), not \(value)")
    }

    /// The request decoded whole: a field it does not know, here or in `args`, is refused by name.
    func arguments<Args: Codable & Sendable>(_ type: Args.Type, _ incoming: ClientEndpoint.Incoming) throws -> Args {
        try StrictJSON.decode(Request<Args>.self, from: incoming.document).args
    }

    /// For an operation whose arguments are all optional: a request without `args` gets `defaults`;
    /// bad arguments are still refused.
    func arguments<Args: Codable & Sendable>(
        _ type: Args.Type, _ incoming: ClientEndpoint.Incoming, defaults: Args
    ) throws -> Args {
        do {
            return try arguments(type, incoming)
        } catch let error as StrictJSONError where error.kind == .missingField && error.path == "args" {
            return defaults
        }
    }
}
