import CenterState
import ClientAPI
import Consensus

extension NodeLoop {
    static let replacedWrite = APIError(.leaderChanged, "a newer leader replaced this write before it committed; it was not applied")

    func reply<Result: Codable & Sendable>(
        _ incoming: ClientEndpoint.Incoming, _ op: APIOperation, _ requestId: String?, _ response: Response<Result>
    ) {
        clients.answer(incoming, APIJSON.encode(response))
        telemetry.apiRequest(op: op.rawValue, result: response.error?.code.rawValue ?? "ok")
    }

    func reply(_ incoming: ClientEndpoint.Incoming, _ op: APIOperation, _ requestId: String?, _ error: APIError) {
        reply(incoming, op, requestId, Response<NoArguments>(requestId: requestId, error: error))
    }

    /// An answer to a request whose operation is not known (yet): counted under "invalid".
    func replyUnparsed(_ incoming: ClientEndpoint.Incoming, _ error: APIError, _ header: RequestHeader? = nil) {
        clients.answer(incoming, APIJSON.encode(Response<NoArguments>(requestId: header?.requestId, error: error)))
        telemetry.apiRequest(op: "invalid", result: error.code.rawValue)
    }

    func leaderHint(_ leader: NodeID?) -> LeaderHint? {
        guard let leader, let member = config.members.first(where: { $0.id == leader }) else { return nil }
        return LeaderHint(id: leader, client: member.client)
    }

    func error(for rejection: ProposalRejection) -> APIError {
        switch rejection {
        case .notLeader(let leader):
            guard let leader else { return APIError(.noQuorum, "node \(config.id) knows no leader: it cannot reach a quorum") }
            return APIError(.notLeader, "node \(config.id) does not lead", leader: leaderHint(leader))
        case .leadershipTransferInProgress:
            return APIError(.leaderChanged, "leadership is being handed over; retry in a moment", leader: leaderHint(driver.core.leader))
        case .tooManyUncommittedEntries:
            return APIError(.busy, "too many writes are waiting for a quorum")
        case .tooManyPendingReads:
            return APIError(.busy, "too many reads are waiting for a quorum")
        case .membershipChangePending:
            return APIError(.conflict, "another membership change has not committed yet")
        case .learnerNotCaughtUp(let lag):
            return APIError(.conflict, "the learner is \(lag) entries behind; promote it once it has caught up")
        case .invalidMembershipChange(let reason):
            return APIError(.conflict, reason)
        case .notAVoter(let id):
            return APIError(.conflict, "node \(id) is not a voter")
        }
    }

    /// What a request that ran out of time is told: with no leader there is no quorum; otherwise
    /// the outcome is unknown and a retry with the same id is safe.
    func timeoutError() -> APIError {
        guard driver.core.leader != nil else {
            return APIError(.noQuorum, "node \(config.id) lost its quorum before the request completed")
        }
        return APIError(.timeout, "not completed within \(config.limits.requestTimeoutMs) ms; retry with the same requestId")
    }

    /// Answers the writes the driver just applied, from inside its apply transaction
    /// (`RaftDriver.applied`): the answer leaves without waiting for that transaction's commit.
    func answerApplied() {
        let answers = state.takeAnswers()
        guard !answers.isEmpty else { return }
        // Counted by operation and timed against one clock reading for the whole batch: a counter's
        // labels and the clock for each answer were 4 % of the leader's loop at 128 clients.
        var answeredByOp: [APIOperation: Int] = [:]
        let now = ContinuousClock.now
        for applied in answers {
            let key = RequestKey(client: applied.client, requestId: applied.requestId)
            guard let id = writeIDsByRequest[key], writes.resolve(id: id), let waiter = finishWrite(id) else { continue }
            clients.answer(waiter.incoming, applied.answer)
            answeredByOp[waiter.op, default: 0] += 1
            telemetry.committed(after: waiter.startedAt, at: now)
        }
        for (op, count) in answeredByOp { telemetry.apiRequests(op: op.rawValue, result: "ok", count: count) }
    }

    /// Hands out whatever else the last inputs produced: lost writes, reads whose index is
    /// applied, and a changed leader.
    func settle() throws {
        let progress = driver.takeProgress()
        if let snapshot = progress.restoredSnapshot {
            logger.notice("node \(config.id): installed the leader's snapshot at index \(snapshot.index) (\(snapshot.bytes) bytes)")
        }
        if let index = progress.compactedAt { logger.info("node \(config.id): compacted its log to a snapshot at index \(index)") }
        if let failure = progress.snapshotFailure {
            logger.warning("node \(config.id): a snapshot could not be taken, the log stays uncompacted for now: \(failure)")
        }
        for resolution in writes.applied(progress.applied) {
            guard let waiter = finishWrite(resolution.id) else { continue }
            switch resolution.outcome {
            case .applied:
                guard case .membership = waiter.kind else {
                    reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.internalError, "the write was applied without an answer; see the node's log"))
                    continue
                }
                let membership = driver.core.membership
                let result = MembershipResult(
                    voters: membership.voters, learners: membership.learners, appliedIndex: driver.core.appliedIndex)
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: result))
            case .replacedByNewerLeader:
                reply(waiter.incoming, waiter.op, waiter.requestId, Self.replacedWrite)
            case .timedOut:
                reply(waiter.incoming, waiter.op, waiter.requestId, timeoutError())
            }
        }
        reads.confirmed(progress.readStates)
        for waiter in reads.ready(appliedIndex: driver.appliedIndexInStore) { answerRead(waiter) }
        if let soft = progress.softState { noticeLeadership(soft) }
        telemetry.persisted(microseconds: progress.persistMicroseconds)
        telemetry.metrics.batched(entriesPerFsync: progress.entriesPerPersist, entriesPerApply: progress.entriesPerApply)
    }

    private func noticeLeadership(_ soft: SoftState) {
        if soft.leader != knownLeader {
            logger.info("node \(config.id): leader is now \(soft.leader.map { "node \($0)" } ?? "unknown") in term \(driver.core.term)")
            telemetry.leaderChanged()
        }
        let lostLeader = knownLeader != nil && soft.leader == nil
        if soft.leader == config.id, knownLeader != config.id {
            recordElection(previousLeader: lastLeader == config.id ? nil : lastLeader)
        }
        knownLeader = soft.leader
        if let leader = soft.leader { lastLeader = leader }
        if lostLeader { failAllRequests(APIError(.noQuorum, "node \(config.id) lost contact with a quorum")) }
    }

    /// The history learns of elections from the winner itself. A note that fails to be proposed
    /// (the node already lost its term) is only logged: the next winner writes its own.
    private func recordElection(previousLeader: UInt64?) {
        let election = LeaderElection(node: config.id, center: config.center, term: driver.core.term, previousLeader: previousLeader)
        do {
            try proposeSystemCommand(.leaderElected(election), named: "elected")
        } catch {
            logger.warning("node \(config.id): could not record its election in term \(election.term): \(error)")
        }
    }

    func expireRequests() {
        for resolution in writes.expire(atMs: clockMs) {
            guard let waiter = finishWrite(resolution.id) else { continue }
            reply(waiter.incoming, waiter.op, waiter.requestId, timeoutError())
        }
        for waiter in reads.expire(atMs: clockMs) { reply(waiter.incoming, waiter.op, waiter.requestId, timeoutError()) }
    }

    func failAllRequests(_ error: APIError) {
        for id in writes.removeAll() {
            guard let waiter = finishWrite(id) else { continue }
            reply(waiter.incoming, waiter.op, waiter.requestId, error)
        }
        for waiter in reads.removeAll() { reply(waiter.incoming, waiter.op, waiter.requestId, error) }
    }

    func finishWrite(_ id: UInt64) -> WriteWaiter? {
        guard let waiter = writeWaiters.removeValue(forKey: id) else { return nil }
        if case .command(let key) = waiter.kind { writeIDsByRequest[key] = nil }
        return waiter
    }
}
