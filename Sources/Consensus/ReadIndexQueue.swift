/// Linearizable reads waiting for the leader to prove it still leads (dissertation §6.4).
struct ReadIndexQueue: Sendable {
    struct Request: Sendable {
        var context: UInt64
        var requester: NodeID
        var index: LogIndex
        var round: UInt64
    }

    /// Bumped for every batch of reads; heartbeats carry it and followers echo it.
    private(set) var round: UInt64 = 0
    private(set) var confirming: [Request] = []
    /// Reads that arrived before this term's first entry committed: the leader's commit index
    /// is not yet known to be current.
    private(set) var waitingForTermCommit: [Request] = []

    var count: Int { confirming.count + waitingForTermCommit.count }

    mutating func startRound() -> UInt64 {
        round += 1
        return round
    }

    mutating func enqueue(_ request: Request) {
        confirming.append(request)
    }

    mutating func park(_ request: Request) {
        waitingForTermCommit.append(request)
    }

    mutating func unpark() -> [Request] {
        defer { waitingForTermCommit.removeAll() }
        return waitingForTermCommit
    }

    /// Removes and returns the requests whose round a quorum has confirmed.
    mutating func release(upTo confirmedRound: UInt64) -> [Request] {
        let prefix = confirming.prefix { $0.round <= confirmedRound }
        confirming.removeFirst(prefix.count)
        return Array(prefix)
    }

    mutating func dropAll() -> [Request] {
        defer {
            confirming.removeAll()
            waitingForTermCommit.removeAll()
        }
        return confirming + waitingForTermCommit
    }
}
