import Consensus

/// One message of every body kind (and every variant that encodes differently), from `from` to `to`.
func everyKindOfMessage(from: NodeID, to: NodeID) -> [Message] {
    let membership = Membership(voters: [1, 2, 3], learners: [4])
    let entries = [
        Entry(term: 2, index: 5, payload: .noop),
        Entry(term: 2, index: 6, payload: .command([1, 2, 3, from.toByte])),
        Entry(term: 3, index: 7, payload: .membership(membership)),
    ]
    let bodies: [MessageBody] = [
        .preVote(lastIndex: 7, lastTerm: 3),
        .preVoteResponse(granted: true),
        .vote(lastIndex: 7, lastTerm: 3, leadershipTransfer: true),
        .voteResponse(granted: false),
        .append(Append(previousIndex: 4, previousTerm: 2, entries: entries, commit: 4)),
        .append(Append(previousIndex: 7, previousTerm: 3, entries: [], commit: 7)),
        .appendResponse(.accepted(matchIndex: 7)),
        .appendResponse(.rejected(rejectedIndex: 5, hintIndex: 3, hintTerm: 1)),
        .heartbeat(commit: 7, readRound: 42),
        .heartbeatResponse(readRound: 42),
        .installSnapshot(Snapshot(index: 9, term: 3, membership: membership, data: [9, 8, 7])),
        .timeoutNow,
        .forwardedProposal([[1], [], [2, 3]]),
        .readIndexRequest(context: 77),
        .readIndexResponse(context: 77, index: 9),
        .readIndexResponse(context: 78, index: nil),
    ]
    return bodies.enumerated().map { Message(from: from, to: to, term: UInt64(10 + $0.offset), body: $0.element) }
}

extension NodeID {
    fileprivate var toByte: UInt8 { UInt8(truncatingIfNeeded: self) }
}
