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
    /// The latest delivery tick queued on each link, to keep a FIFO link FIFO.
    private var lastDeliveryTick: [Link: Int] = [:]
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
        let link = Link(from: message.from, to: message.to)
        for _ in 0..<copies {
            let delay = Int.random(in: profile.minDelayTicks...max(profile.minDelayTicks, profile.maxDelayTicks), using: &random)
            var deliverAt = now + delay
            if !profile.reorderWithinLink { deliverAt = max(deliverAt, lastDeliveryTick[link] ?? 0) }
            lastDeliveryTick[link] = deliverAt
            inFlight.append(InFlight(deliverAtTick: deliverAt, message: message))
        }
        return nil
    }

    /// A crashed process's connections close: what was on its way to it is lost.
    mutating func dropAll(to node: NodeID) {
        inFlight.removeAll { $0.message.to == node }
    }

    /// The messages due by `now`, in a seeded random order: any order when links may reorder,
    /// else a random interleaving of the links that keeps each link's own order.
    mutating func takeDue(now: Int, keepLinkOrder: Bool, random: inout SeededRandom) -> [Message] {
        var due: [Message] = []
        var waiting: [InFlight] = []
        waiting.reserveCapacity(inFlight.count)
        for flight in inFlight {
            if flight.deliverAtTick <= now { due.append(flight.message) } else { waiting.append(flight) }
        }
        inFlight = waiting
        guard keepLinkOrder else {
            due.shuffle(using: &random)
            return due
        }
        var queues: [[Message]] = []
        var queueOfLink: [Link: Int] = [:]
        for message in due {
            let link = Link(from: message.from, to: message.to)
            if let position = queueOfLink[link] {
                queues[position].append(message)
            } else {
                queueOfLink[link] = queues.count
                queues.append([message])
            }
        }
        var heads = [Int](repeating: 0, count: queues.count)
        var interleaved: [Message] = []
        interleaved.reserveCapacity(due.count)
        var open = Array(queues.indices)
        while !open.isEmpty {
            let pick = Int.random(in: 0..<open.count, using: &random)
            let queue = open[pick]
            interleaved.append(queues[queue][heads[queue]])
            heads[queue] += 1
            if heads[queue] == queues[queue].count { open.remove(at: pick) }
        }
        return interleaved
    }
}
