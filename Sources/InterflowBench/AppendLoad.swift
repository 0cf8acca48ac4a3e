import ClientAPI
import Dispatch
import Foundation
import InterflowTesting
import Synchronization

/// One concurrency level of committed `ticket.append`s: `clients` requests in flight at all times,
/// each stream sending its next as soon as its last is answered, as `clients` callers one request
/// at a time would. The streams are pipelined over a few threads, each with its own `APIClient`
/// (a client has one owner) and one DEALER socket, so the load generator does not need a thread
/// per stream on a machine with two cores. Requests that complete during the warm-up are sent but
/// not counted.
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
    /// Threads the streams are spread over.
    static let maxThreads = 4

    func run() throws -> LevelFigures {
        let tallies = TallyCollector()
        let group = DispatchGroup()
        let clock = ContinuousClock()
        let started = clock.now
        let window = (start: started + warmup, end: started + warmup + duration)
        let threads = min(clients, Self.maxThreads)
        for thread in 0..<threads {
            // Stream s runs on thread s % threads.
            let streams = Array(stride(from: thread, to: clients, by: threads))
            group.enter()
            let load = self
            let worker = Thread {
                tallies.add(load.drive(streams: streams, from: window.start, until: window.end))
                group.leave()
            }
            worker.name = "append-client-\(thread)"
            worker.start()
        }
        // Each stream stops sending at the window's end and waits at most one request timeout.
        let allowance = DispatchTime.now() + (warmup + duration).seconds + Double(Self.requestTimeoutMs) / 1000 + 10
        guard group.wait(timeout: allowance) == .success else { throw BenchError.clientsDidNotFinish(clients) }
        return LevelFigures(clients: clients, seconds: duration.seconds, tally: tallies.total)
    }

    /// One request of one stream, in flight.
    private struct InFlight {
        var stream: Int
        var sequence: Int
        var sentAt: ContinuousClock.Instant
    }

    private func drive(streams: [Int], from windowStart: ContinuousClock.Instant, until windowEnd: ContinuousClock.Instant)
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
        var inFlight: [String: InFlight] = [:]
        func send(stream: Int, sequence: Int) {
            guard sequence < maxRequestsPerClient, clock.now < windowEnd else { return }
            // Strided so that every level spreads its appends evenly over all tickets.
            let ticket = tickets[(stream + sequence * clients) % tickets.count]
            let id = "\(tag)-\(stream)-\(sequence)"
            do {
                try api.send(.ticketAppend, TicketAppendArgs(ticketId: ticket, text: Self.line), requestID: id, timeoutMs: Self.requestTimeoutMs)
                inFlight[id] = InFlight(stream: stream, sequence: sequence, sentAt: clock.now)
            } catch {
                tally.recordFailure("transport")
            }
        }
        for stream in streams { send(stream: stream, sequence: 0) }
        let deadline = windowEnd + .milliseconds(Self.requestTimeoutMs)
        while !inFlight.isEmpty, clock.now < deadline {
            let answer: (requestId: String?, outcome: Result<TicketWriteResult, APIError>)?
            do {
                answer = try api.nextAnswer(as: TicketWriteResult.self, timeoutMs: Self.requestTimeoutMs)
            } catch {
                tally.recordFailure("transport")
                break
            }
            guard let answer, let id = answer.requestId, let request = inFlight.removeValue(forKey: id) else { continue }
            tally.answeredAll += 1
            let done = clock.now
            if done >= windowStart, done < windowEnd {
                switch answer.outcome {
                case .success: tally.recordCommitted(after: done - request.sentAt)
                case .failure(let error): tally.recordFailure(error.code.rawValue)
                }
            }
            send(stream: request.stream, sequence: request.sequence + 1)
        }
        // Not answered within a request timeout of the window's end: a failure, not silence.
        for _ in inFlight.values { tally.recordFailure("timeout") }
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
