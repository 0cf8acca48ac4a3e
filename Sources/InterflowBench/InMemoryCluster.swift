import Consensus

/// Cores wired to each other through a queue, with no I/O: persisting is a no-op, sending is an
/// append to the queue. What it measures is the core alone.
struct InMemoryCluster {
    var cores: [RaftNode]
    private var mailbox: [Message] = []
    private(set) var appliedOnLeader = 0

    init(nodeCount: Int, configure: (inout RaftConfiguration) -> Void) throws {
        let voters = (1...UInt64(nodeCount)).map { $0 }
        cores = try voters.map { id in
            var configuration = RaftConfiguration(id: id)
            configure(&configuration)
            return try RaftNode(
                configuration: configuration, restoring: .bootstrap(voters: voters), random: SeededRandom(seed: id))
        }
    }

    /// Ticks node 1 alone until it campaigns, then lets the election run; returns the leader's position.
    mutating func electFirstNode(maxTicks: Int) -> Int? {
        for _ in 0..<maxTicks {
            cores[0].tick()
            pump()
            if cores[0].role == .leader { return 0 }
        }
        return nil
    }

    /// Carries out every `Ready` and delivers every message until the cluster is quiet.
    mutating func pump(maxRounds: Int = 10_000) {
        for _ in 0..<maxRounds {
            var moved = false
            for position in cores.indices {
                guard let ready = cores[position].takeReady() else { continue }
                moved = true
                let outbox = ready.persisted()
                cores[position].persisted(ready.persist)
                mailbox.append(contentsOf: outbox.messages)
                if cores[position].role == .leader { appliedOnLeader += outbox.committedEntries.count }
            }
            if !mailbox.isEmpty {
                moved = true
                let delivering = mailbox
                mailbox.removeAll(keepingCapacity: true)
                for message in delivering { cores[Int(message.to) - 1].step(message) }
            }
            if !moved { return }
        }
    }

    /// Snapshots every node at its applied index so the log stays bounded, as a real node does.
    mutating func compactAll() {
        for position in cores.indices {
            _ = cores[position].compact(through: cores[position].appliedIndex, data: [])
        }
    }
}
