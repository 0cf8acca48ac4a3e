import ClientAPI
import Foundation
import LocalCluster

/// A chaos run against a local cluster: clients append and read a few tickets while the nemesis
/// kills, freezes and partitions nodes and the leader; then the cluster is healed, every ticket is
/// read once more, and the history is checked for linearizability.
public enum ChaosRun {
    /// Tickets are used this long, then a fresh set: a ticket holds at most 10,000 lines.
    static let ticketEpochMs = 120_000
    /// After the run: how long the healed cluster may take to elect a leader and answer the final reads.
    static let settleMs = 60_000

    /// The report, and the whole history it judged.
    public static func run(
        directory: String, options: ChaosOptions, log: @escaping @Sendable (String) -> Void
    ) throws -> (report: ChaosReport, history: [ChaosOperation]) {
        if let problem = options.problem { throw DrillError.cannotRun(problem) }
        let state = try LocalClusterState.load(directory: directory)
        guard !LocalClusterControl.runningNodes(state).isEmpty else {
            throw DrillError.cannotRun("no node of \(directory) runs; start it with clusterctl local up")
        }
        let epochs = max(1, (options.durationMs + ticketEpochMs - 1) / ticketEpochMs)
        let tickets = try (0..<(epochs * options.tickets)).map { number in
            try create("chaos ticket \(number) (seed \(options.seed))", directory: directory)
        }
        log("chaos: \(state.nodes.count) nodes, \(options.clients) clients, \(tickets.count) tickets, \(options.durationMs / 1_000) s, seed \(options.seed)")
        let started = ContinuousClock.now
        let clients = ChaosClients(started: started)
        let nemesis = ChaosNemesis(directory: directory, options: options)
        let untilNs = UInt64(options.durationMs) * 1_000_000
        let window: @Sendable (UInt64) -> [Int64] = { ns in
            let epoch = min(epochs - 1, Int(ns / 1_000_000) / ticketEpochMs)
            return Array(tickets[(epoch * options.tickets)..<((epoch + 1) * options.tickets)])
        }
        let group = DispatchGroup()
        for id in 0..<options.clients {
            DispatchQueue.global().async(group: group) {
                clients.run(client: id, state: state, options: options, untilNs: untilNs, tickets: window)
            }
        }
        let elapsedMs: @Sendable () -> Int = { Int(clients.nanoseconds() / 1_000_000) }
        DispatchQueue.global().async(group: group) { nemesis.run(untilMs: options.durationMs, elapsedMs: elapsedMs, log: log) }
        // Clients end by their own clock; one waiting on a dead node ends within its operation timeout.
        let boundMs = options.durationMs + options.operationTimeoutMs + options.faultMs.upperBound + 10_000
        if group.wait(timeout: .now() + .milliseconds(boundMs)) == .timedOut {
            clients.stop()
            nemesis.stop()
            _ = group.wait(timeout: .now() + .milliseconds(options.operationTimeoutMs + 5_000))
        }
        try heal(directory: directory)
        let finalLists = try readAll(tickets, directory: directory)
        let history = clients.operations
        let verdict = ListAppendChecker.check(history, finalLists: finalLists)
        var counts: [String: Int] = [:]
        for operation in history { counts["\(operation.kind.rawValue) \(operation.outcome.rawValue)", default: 0] += 1 }
        let report = ChaosReport(
            options: options, nodes: state.nodes.count, nemesis: nemesis.record, operations: counts, verdict: verdict,
            finalLines: finalLists.mapValues(\.count))
        return (report, history)
    }

    private static func create(_ title: String, directory: String) throws -> Int64 {
        try retrying("create a ticket") {
            try AdminCall.leader(directory: directory, .ticketCreate, TicketCreateArgs(title: title), as: TicketWriteResult.self).ticket.id
        }
    }

    /// Every node started and thawed; partitions end by their deadline if a clear was lost.
    private static func heal(directory: String) throws {
        var state = try LocalClusterState.load(directory: directory)
        for record in state.nodes {
            if let pid = record.pid {
                _ = ProcessControl.signal(SIGCONT, pid: pid, identity: LocalClusterControl.identity(record, in: state))
            } else {
                try LocalClusterControl.start(node: record.id, in: &state)
            }
            _ = try? AdminCall.node(directory: directory, id: record.id, .faultClear, FaultClearArgs(), as: FaultState.self, timeoutMs: 2_000)
        }
        _ = try LocalClusterControl.waitForLeader(state, options: LeaderWait.Options(timeoutMs: settleMs))
    }

    private static func readAll(_ tickets: [Int64], directory: String) throws -> [Int64: [String]] {
        var lists: [Int64: [String]] = [:]
        for ticket in tickets {
            lists[ticket] = try retrying("read ticket \(ticket) after the run") {
                try AdminCall.leader(directory: directory, .ticketGet, TicketGetArgs(ticketId: ticket), as: Ticket.self).history.map(\.text)
            }
        }
        return lists
    }

    /// Through leader changes right after healing: bounded in attempts and time.
    private static func retrying<Value>(_ what: String, _ body: () throws -> Value) throws -> Value {
        let deadline = ContinuousClock.now + .milliseconds(settleMs)
        var lastError: (any Error)?
        for _ in 0..<200 where ContinuousClock.now < deadline {
            do {
                return try body()
            } catch {
                lastError = error
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        throw DrillError.cannotRun("could not \(what) within \(settleMs / 1_000) s: \(lastError.map { "\($0)" } ?? "no attempt")")
    }
}
