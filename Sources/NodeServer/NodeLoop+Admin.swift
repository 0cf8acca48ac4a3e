import CenterState
import ClientAPI
import Consensus

extension NodeLoop {
    /// Admin operations act on the leader's core; another node points the caller at the leader.
    private func requireLeader() throws(APIError) {
        let core = driver.core
        guard core.role != .leader else { return }
        guard let leader = core.leader else {
            throw APIError(.noQuorum, "node \(config.id) knows no leader: it cannot reach a quorum")
        }
        throw APIError(.notLeader, "admin operations go to the leader", leader: leaderHint(leader))
    }

    func transferLeadership(_ args: LeaderTransferArgs, _ header: RequestHeader, _ incoming: ClientEndpoint.Incoming) throws {
        try requireLeader()
        let status = driver.core.status
        let candidates = status.peers.filter(\.isVoter).sorted { $0.matchIndex > $1.matchIndex }
        guard let target = args.to ?? candidates.first?.id else {
            throw APIError(.conflict, "there is no other voter to hand leadership to")
        }
        if let rejection = try driver.perform({ $0.transferLeadership(to: target) }) { throw error(for: rejection) }
        logger.notice("node \(config.id): handing leadership to node \(target) at an admin's request")
        reply(incoming, .leaderTransfer, header.requestId, Response(requestId: header.requestId, result: LeaderTransferResult(to: target)))
    }

    func changeMembership(_ change: MembershipChange, _ op: APIOperation, _ header: RequestHeader, _ incoming: ClientEndpoint.Incoming) throws {
        if let problem = CommandLimits.problem(withRequestID: header.requestId) { throw APIError(.badRequest, problem) }
        try requireLeader()
        guard writes.count < writes.capacity else { throw APIError(.busy, "too many writes are waiting on node \(config.id)") }
        let outcome = try driver.perform { $0.proposeMembershipChange(change) }
        guard case .appended(let index, let term) = outcome else {
            if case .rejected(let rejection) = outcome { throw error(for: rejection) }
            throw APIError(.internalError, "a leader's membership change was not appended")
        }
        logger.notice("node \(config.id): proposed membership change \(change) at index \(index)")
        let waiter = WriteWaiter(incoming: incoming, requestId: header.requestId ?? "", op: op, kind: .membership, startedAt: .now)
        register(waiter, index: index, term: term, deadlineMs: clockMs + requestTimeoutMs)
    }

    /// A node joins with the address and key its configuration already gives every member; the
    /// arguments must agree with it, so that a typo cannot add a node nobody can reach.
    func configuredLearner(_ args: MemberAddArgs) throws(APIError) -> NodeID {
        guard let member = config.members.first(where: { $0.id == args.id }) else {
            throw APIError(
                .badRequest,
                "node \(args.id) is not in node \(config.id)'s configuration: list it in every node's members (voter false) first")
        }
        guard member.peer == args.peer, member.client == args.client, member.center == args.center else {
            throw APIError(.badRequest, "node \(args.id)'s center or endpoints differ from the configuration's")
        }
        if let key = args.publicKey, (try? NodeKeys.publicKey(member.publicKey, field: "publicKey"))?.z85 != key {
            throw APIError(.badRequest, "args.publicKey: not the key the configuration names for node \(args.id)")
        }
        return args.id
    }
}
