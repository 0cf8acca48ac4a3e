import Consensus

/// A seeded network: every message is delayed, and may be dropped, duplicated or blocked by a partition.
struct SimulatedNetwork: Sendable {
    struct Link: Hashable, Sendable {
        var from: NodeID
        var to: NodeID
    }

    struct InFlight: Sendable {
        var deliverAtTick: Int
        var message: Message
    }

    private(set) var inFlight: [InFlight] = []
    private(set) var blocked: Set<Link> = []
    /// Past this, new messages are dropped: a bounded queue like a real socket's high-water mark.
    let maxInFlight = 50_000

    func isBlocked(_ from: NodeID, _ to: NodeID) -> Bool {
        blocked.contains(Link(from: from, to: to))
    }

    mutating func block(from: NodeID, to: NodeID) {
        blocked.insert(Link(from: from, to: to))
    }

    mutating func heal() {
        blocked.removeAll()
    }

    /// Queues a message; returns why it was lost, if it was.
    mutating func send(
        _ message: Message, now: Int, profile: FaultProfile, random: inout SeededRandom
    ) -> String? {
        if isBlocked(message.from, message.to) { return "partition" }
        if inFlight.count >= maxInFlight { return "queue full" }
        if Double.random(in: 0..<1, using: &random) < profile.dropRate { return "drop" }
        let copies = Double.random(in: 0..<1, using: &random) < profile.duplicateRate ? 2 : 1
        for _ in 0..<copies {
            let delay = Int.random(in: profile.minDelayTicks...max(profile.minDelayTicks, profile.maxDelayTicks), using: &random)
            inFlight.append(InFlight(deliverAtTick: now + delay, message: message))
        }
        return nil
    }

    /// The messages due by `now`, in a seeded random order (reordering within a tick).
    mutating func takeDue(now: Int, random: inout SeededRandom) -> [Message] {
        var due: [Message] = []
        var waiting: [InFlight] = []
        waiting.reserveCapacity(inFlight.count)
        for flight in inFlight {
            if flight.deliverAtTick <= now { due.append(flight.message) } else { waiting.append(flight) }
        }
        inFlight = waiting
        due.shuffle(using: &random)
        return due
    }
}
