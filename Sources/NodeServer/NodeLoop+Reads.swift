import CenterState
import ClientAPI
import Consensus

extension NodeLoop {
    /// A stale read is served from this node's applied state at once. Otherwise the read waits for
    /// ReadIndex: the leader confirms with a quorum round that it still leads, and the read is
    /// served once this node has applied up to the leader's commit index of that moment.
    func read(_ query: Query, _ op: APIOperation, _ header: RequestHeader, _ incoming: ClientEndpoint.Incoming) throws {
        let waiter = ReadWaiter(incoming: incoming, requestId: header.requestId, op: op, query: query, startedAt: .now)
        if header.stale == true || (PlantedBug.staleReads && driver.core.role != .leader) {
            answerRead(waiter)
            return
        }
        try requireLeaderOrForwarding(header)
        guard !reads.isFull else { throw APIError(.busy, "too many reads are waiting on node \(config.id)") }
        let context = reads.add(waiter, deadlineMs: clockMs + requestTimeoutMs)
        let outcome = try driver.perform { $0.readIndex(context: context) }
        if case .rejected(let rejection) = outcome {
            _ = reads.cancel(context)
            throw error(for: rejection)
        }
    }

    func answerRead(_ waiter: ReadWaiter) {
        do {
            switch waiter.query {
            case .ticket(let id):
                guard let ticket = try store.read({ try TicketQueries.ticket(id, withHistory: true, in: $0) }) else {
                    reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.notFound, "no ticket \(id)"))
                    return
                }
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: ticket))
            case .tickets(let args):
                let page = try store.read { try TicketQueries.list(args, in: $0) }
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: page))
            case .events(let args):
                let page = try store.read { try CenterState.events(args, in: $0) }
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: page))
            case .contact, .contacts, .agents, .centers, .settings, .stats, .route:
                answerContactCenterRead(waiter)
            }
        } catch {
            logger.error("node \(config.id): read \(waiter.op.rawValue) failed: \(error)")
            reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.internalError, "the read failed; see the node's log"))
        }
    }
}
