import ClientAPI
import Foundation
import InterflowTesting

/// Takes the leader away (kill -9 by default) and times how long until a write is committed
/// again, then brings the node back and waits until it has rejoined before the next cycle.
struct FailoverCycles {
    var cluster: TestCluster
    var cycles: Int
    var fault: FailoverFault

    /// Short, so that a try sent to a node that is still waiting on the dead leader does not
    /// hide a new leader for long.
    static let tryTimeoutMs = 250
    /// Between tries: during the election no_quorum comes back at once, and spinning on it would
    /// take the cores the survivors need to elect.
    static let pauseBetweenTries = Duration.milliseconds(5)
    /// Elections take 0.5–1 s on loopback; a cycle this long means the cluster is broken.
    static let cycleLimit = Duration.seconds(30)

    func run(progress: (String) -> Void) throws -> [Duration] {
        var samples: [Duration] = []
        for cycle in 1...cycles {
            let sample = try measure(cycle: cycle)
            samples.append(sample)
            progress("failover \(cycle)/\(cycles): \(milliseconds(sample.wholeMicroseconds)) ms")
        }
        return samples
    }

    private func measure(cycle: Int) throws -> Duration {
        let leader = try cluster.waitForLeader()
        let survivors = try cluster.nodeIDs.filter { $0 != leader }.map { try cluster.client(node: $0, role: .client) }
        defer { survivors.forEach { $0.close() } }
        // Connects and completes the CURVE handshakes before the fault, so that they are not timed.
        for client in survivors {
            _ = try client.call(.clusterStatus, NoArguments(), as: ClusterStatus.self)
        }
        let clock = ContinuousClock()
        let faulted = clock.now
        try fault.inject(on: cluster, node: leader)
        let elapsed = try firstCommit(after: faulted, on: survivors, cycle: cycle)
        try fault.repair(on: cluster, node: leader)
        try cluster.waitForLeader()
        return elapsed
    }

    /// Sends one `ticket.create` to the survivors in turn, retrying with the same request id (so it
    /// is applied at most once) until it is committed; returns the time since `faulted`.
    private func firstCommit(after faulted: ContinuousClock.Instant, on survivors: [APIClient], cycle: Int) throws
        -> Duration
    {
        let clock = ContinuousClock()
        let deadline = faulted + Self.cycleLimit
        let maxTries = Int(Self.cycleLimit / Self.pauseBetweenTries)
        let args = TicketCreateArgs(title: "failover \(cycle)")
        var lastError = "none"
        for attempt in 0..<maxTries where clock.now < deadline {
            do {
                _ = try survivors[attempt % survivors.count].call(
                    .ticketCreate, args, requestID: "failover-\(cycle)", timeoutMs: Self.tryTimeoutMs,
                    as: TicketWriteResult.self)
                return clock.now - faulted
            } catch let error as APIError where error.code.isRetryable {
                lastError = error.code.rawValue
                Thread.sleep(forTimeInterval: Self.pauseBetweenTries.seconds)
            }
        }
        throw BenchError.noWriteAfterFault(cycle: cycle, seconds: Int(Self.cycleLimit.seconds), lastError: lastError)
    }
}
