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
    /// Whether a thread whose node goes quiet or has no quorum moves to the next node and retries
    /// its requests there (same ids, so each is applied at most once), as a client of a cluster
    /// that loses nodes would; otherwise it stays with `leader` and waits out its timeouts.
    var followsLeader = false

    /// A line about as long as an agent's short note.
    static let line = String(repeating: "x", count: 64)
    /// A little more than the node's own 5 s request timeout, after which it answers by itself.
    static let requestTimeoutMs = 6_000
    /// Threads the streams are spread over.
    static let maxThreads = 4
    /// With `followsLeader`, no answer at all for this long while requests are in flight means the
    /// node is gone: answers to 16 streams normally arrive every few milliseconds.
    static let silentNodeMs = 500
    /// With `followsLeader`, how long a thread waits before it tries the next node, so that a
    /// cluster in the middle of an election is not flooded with retries.
    static let switchPauseMs = 20

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
        let nodes = cluster.nodeIDs
        var node = leader
        var api: APIClient
        do {
            api = try cluster.client(node: node, role: .client)
        } catch {
            tally.recordFailure("client_setup")
            return tally
        }
        defer { api.close() }
        let clock = ContinuousClock()
        var inFlight: [String: InFlight] = [:]
        func send(stream: Int, sequence: Int, retry: Bool = false) {
            guard sequence < maxRequestsPerClient, retry || clock.now < windowEnd else { return }
            // Strided so that every level spreads its appends evenly over all tickets.
            let ticket = tickets[(stream + sequence * clients) % tickets.count]
            let id = "\(tag)-\(stream)-\(sequence)"
            do {
                try api.send(.ticketAppend, TicketAppendArgs(ticketId: ticket, text: Self.line), requestID: id, timeoutMs: Self.requestTimeoutMs)
                inFlight[id] = InFlight(stream: stream, sequence: sequence, sentAt: retry ? inFlight[id]?.sentAt ?? clock.now : clock.now)
            } catch {
                tally.recordFailure("transport")
            }
        }
        /// Moves to the next node and sends every request in flight there again, under its id.
        func switchNode() {
            tally.recordFailure("node_switch")
            Thread.sleep(forTimeInterval: Double(Self.switchPauseMs) / 1_000)
            api.close()
            node = nodes[((nodes.firstIndex(of: node) ?? 0) + 1) % nodes.count]
            guard let next = try? cluster.client(node: node, role: .client) else { return }
            api = next
            for request in inFlight.values { send(stream: request.stream, sequence: request.sequence, retry: true) }
        }
        for stream in streams { send(stream: stream, sequence: 0) }
        let deadline = windowEnd + .milliseconds(Self.requestTimeoutMs)
        let waitMs = followsLeader ? Self.silentNodeMs : Self.requestTimeoutMs
        while !inFlight.isEmpty, clock.now < deadline {
            let answer: (requestId: String?, outcome: Result<Void, APIError>)?
            do {
                answer = try api.nextAnswerBytes(timeoutMs: waitMs).map { bytes in
                    if let id = AnswerPeek.successRequestID(in: bytes) { return (id, .success(())) }
                    let decoded = api.decodeAnswer(bytes, as: Applied.self)
                    return (decoded.requestId, decoded.outcome.map { _ in () })
                }
            } catch {
                tally.recordFailure("transport")
                break
            }
            if answer == nil, followsLeader {
                switchNode()
                continue
            }
            guard let answer, let id = answer.requestId, let request = inFlight[id] else { continue }
            if followsLeader, case .failure(let error) = answer.outcome, error.code == .noQuorum || error.code == .notLeader {
                switchNode()
                continue
            }
            inFlight[id] = nil
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

/// All a load client decodes of an answer that `AnswerPeek` cannot read: decoding the whole
/// ticket, as a real client would, took CPU from the nodes on this 2-core machine, where wrk,
/// etcd's load, reads no answer at all.
private struct Applied: Codable, Sendable {
    var appliedIndex: UInt64
}
