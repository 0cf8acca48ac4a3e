import ClientAPI
import Dispatch
import Foundation
import InterflowTesting
import Synchronization

/// One concurrency level of committed `ticket.append`s: `clients` threads, each with its own
/// `APIClient` (a client has one owner), each sending one request at a time to the leader.
/// Requests that complete during the warm-up are sent but not counted.
struct AppendLoad: Sendable {
    var cluster: TestCluster
    var leader: UInt64
    var clients: Int
    var warmup: Duration
    var duration: Duration
    var tickets: [Int64]
    /// Bounds each client even if the cluster answered faster than any disk could, so that no
    /// ticket reaches its line limit.
    var maxRequestsPerClient: Int
    /// Makes request ids unique across the levels of one run (they all share one client key).
    var tag: String

    /// A line about as long as an agent's short note.
    static let line = String(repeating: "x", count: 64)
    /// A little more than the node's own 5 s request timeout, after which it answers by itself.
    static let requestTimeoutMs = 6_000

    func run() throws -> LevelFigures {
        let tallies = TallyCollector()
        let group = DispatchGroup()
        let clock = ContinuousClock()
        let started = clock.now
        let window = (start: started + warmup, end: started + warmup + duration)
        for index in 0..<clients {
            group.enter()
            let load = self
            let thread = Thread {
                tallies.add(load.drive(client: index, from: window.start, until: window.end))
                group.leave()
            }
            thread.name = "append-client-\(index)"
            thread.start()
        }
        // Each client stops sending at the window's end and waits at most one request timeout.
        let allowance = DispatchTime.now() + (warmup + duration).seconds + Double(Self.requestTimeoutMs) / 1000 + 10
        guard group.wait(timeout: allowance) == .success else { throw BenchError.clientsDidNotFinish(clients) }
        return LevelFigures(clients: clients, seconds: duration.seconds, tally: tallies.total)
    }

    private func drive(client index: Int, from windowStart: ContinuousClock.Instant, until windowEnd: ContinuousClock.Instant)
        -> ClientTally
    {
        var tally = ClientTally()
        let api: APIClient
        do {
            api = try cluster.client(node: leader, role: .client)
        } catch {
            tally.recordFailure("client_setup")
            return tally
        }
        defer { api.close() }
        let clock = ContinuousClock()
        for sequence in 0..<maxRequestsPerClient {
            let sent = clock.now
            guard sent < windowEnd else { break }
            // Strided so that every level spreads its appends evenly over all tickets.
            let ticket = tickets[(index + sequence * clients) % tickets.count]
            var failure: String?
            do {
                _ = try api.call(
                    .ticketAppend, TicketAppendArgs(ticketId: ticket, text: Self.line),
                    requestID: "\(tag)-\(index)-\(sequence)", timeoutMs: Self.requestTimeoutMs, as: TicketWriteResult.self)
            } catch let error as APIError {
                failure = error.code.rawValue
            } catch {
                failure = "transport"
            }
            let done = clock.now
            guard done >= windowStart, done < windowEnd else { continue }
            if let failure {
                tally.recordFailure(failure)
            } else {
                tally.recordCommitted(after: done - sent)
            }
        }
        return tally
    }
}

/// Where the client threads leave their tallies.
private final class TallyCollector: Sendable {
    private let merged = Mutex(ClientTally())

    func add(_ tally: ClientTally) {
        merged.withLock { $0.add(tally) }
    }

    var total: ClientTally { merged.withLock { $0 } }
}
