/// ReadIndex: a read is linearizable once the leader has confirmed, with a quorum round after
/// the read arrived, that it still leads; the read is then served at the commit index of that moment.
extension RaftNode {
    /// Asks for a linearizable read. The answer is a `ReadState` with the same context in a later `Ready`.
    public mutating func readIndex(context: UInt64) -> ReadOutcome {
        guard brokenInvariant == nil else { return .rejected(.notLeader(leader: nil)) }
        if role == .leader { return requestRead(context: context, requester: id) }
        guard let leader else { return .rejected(.notLeader(leader: nil)) }
        send(to: leader, .readIndexRequest(context: context))
        return .pending
    }

    mutating func requestRead(context: UInt64, requester: NodeID) -> ReadOutcome {
        guard reads.count < configuration.maxPendingReads else {
            if requester != id { send(to: requester, .readIndexResponse(context: context, index: nil)) }
            return .rejected(.tooManyPendingReads)
        }
        let request = ReadIndexQueue.Request(context: context, requester: requester, index: log.committed, round: 0)
        if log.term(at: log.committed) != term {
            reads.park(request)
        } else {
            confirm(request)
        }
        return .pending
    }

    private mutating func confirm(_ request: ReadIndexQueue.Request) {
        var request = request
        request.index = log.committed
        // Always a quorum round (no lease reads): a lease rests on bounded clock drift, which the
        // simulator does not model, so nothing could show it safe.
        if membership.hasQuorum([id]) {
            answer(request)
            return
        }
        request.round = reads.startRound()
        reads.enqueue(request)
        for member in membership.members where member != id { sendHeartbeat(to: member) }
    }

    mutating func releaseReadsWaitingForTermCommit() {
        for request in reads.unpark() { confirm(request) }
    }

    mutating func releaseConfirmedReads() {
        let rounds = membership.voters.map { $0 == id ? reads.round : progress[$0]?.readRoundAcked ?? 0 }
        guard rounds.count >= membership.quorumSize else { return }
        let confirmed = rounds.sorted(by: >)[membership.quorumSize - 1]
        for request in reads.release(upTo: confirmed) { answer(request) }
    }

    private mutating func answer(_ request: ReadIndexQueue.Request) {
        if request.requester == id {
            readStates.append(ReadState(context: request.context, index: request.index))
        } else {
            send(to: request.requester, .readIndexResponse(context: request.context, index: request.index))
        }
    }
}
