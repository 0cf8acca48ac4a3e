import ClientAPI
import ClusterConfig
import Foundation
import InterflowTesting
import Testing
import ZeroMQ

/// Starts a cluster of real processes, runs `body`, and always stops every process by its pid;
/// a failure attaches each node's log tail.
func withCluster(
    nodes: Int, learners: Int = 0, limits: Limits = Limits(), _ body: (TestCluster) throws -> Void
) throws {
    let cluster = try TestCluster.start(nodes: nodes, learners: learners, limits: limits)
    defer { cluster.shutdown() }
    do {
        try body(cluster)
    } catch {
        cluster.markFailed()
        Issue.record("cluster logs:\n\(cluster.diagnostics())")
        throw error
    }
}

/// Polls `condition` every `intervalMs` until it holds, for at most `timeoutMs`; the condition is
/// what the test waits for, the bound is what keeps a broken cluster from hanging the suite.
func eventually(
    _ what: String, timeoutMs: Int = 20_000, intervalMs: Int = 50, _ condition: () throws -> Bool
) throws {
    let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMs))
    var lastError: (any Error)?
    while ContinuousClock.now < deadline {
        do {
            if try condition() { return }
        } catch {
            lastError = error
        }
        Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
    }
    throw TimedOut(what: what, timeoutMs: timeoutMs, lastError: lastError.map { "\($0)" })
}

/// The other half of `eventually`: checks `observe` every `intervalMs` until `forMs` have passed,
/// stopping at the first observation that breaks the rule (`observe` returns false); an observation
/// that throws (a read refused while the cluster settles) is skipped. Returns how many were made.
@discardableResult
func throughout(forMs: Int, intervalMs: Int = 100, _ observe: () throws -> Bool) -> Int {
    let deadline = ContinuousClock.now.advanced(by: .milliseconds(forMs))
    var observations = 0
    while ContinuousClock.now < deadline {
        if let held = try? observe() {
            guard held else { return observations }
            observations += 1
        }
        Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
    }
    return observations
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var timeoutMs: Int
    var lastError: String?
    var description: String { "not within \(timeoutMs) ms: \(what)" + (lastError.map { " (last error: \($0))" } ?? "") }
}

extension APIClient {
    func status(timeoutMs: Int = 2_000) throws -> ClusterStatus {
        try call(.clusterStatus, NoArguments(), timeoutMs: timeoutMs, as: ClusterStatus.self)
    }

    /// A write retried with the same request id on retryable errors, as the API asks clients to.
    func createTicket(_ title: String, requestID: String? = nil, attempts: Int = 10) throws -> TicketWriteResult {
        let id = requestID ?? nextRequestID()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try call(.ticketCreate, TicketCreateArgs(title: title), requestID: id, as: TicketWriteResult.self)
            } catch let error as APIError where error.code.isRetryable && attempt < attempts {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    func tickets(stale: Bool = false, limit: Int = 1000) throws -> [Ticket] {
        try call(.ticketList, TicketListArgs(limit: limit), stale: stale, as: TicketPage.self).tickets
    }
}

/// Every suite of real processes runs one test at a time: clusters of their own on two cores would
/// starve each other's timers and turn a correct election into a flaky one.
@Suite(.serialized) struct RealProcesses {}
