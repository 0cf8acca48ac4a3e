import ClientAPI
import Foundation
import LocalCluster
import Synchronization
import ZeroMQ

/// The writes a drill drives while it runs: appends at a steady rate spread over a few tickets of
/// its own, through any node (followers forward), moving to the next node when one goes quiet and
/// retrying under the same request id, so that each is applied at most once. Every append the
/// cluster acknowledged is recorded for the audit.
final class DrillLoad: Sendable {
    struct Acknowledged: Sendable, Equatable {
        var ticketId: Int64
        var text: String
        var atMs: Int64
    }

    static let ticketCount = 4
    static let requestTimeoutMs = 2_000
    /// Bounds what the audit must read back: a drill at the top rate for its longest duration.
    static let maxAppendsPerTicket = 9_000

    let tickets: [Int64]
    private let state: LocalClusterState
    private let perSecond: Int
    private let tag: String
    private let stopping = Mutex(false)
    private let acknowledged = Mutex<[Acknowledged]>([])
    private let failures = Mutex(0)
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the drill's tickets through the leader.
    init(directory: String, state: LocalClusterState, perSecond: Int, tag: String) throws {
        self.state = state
        self.perSecond = perSecond
        self.tag = tag
        tickets = try (0..<Self.ticketCount).map { index in
            try AdminCall.leader(
                directory: directory, .ticketCreate, TicketCreateArgs(title: "drill \(tag) ticket \(index + 1)"),
                as: TicketWriteResult.self
            ).ticket.id
        }
    }

    func start() {
        guard perSecond > 0 else {
            finished.signal()
            return
        }
        let thread = Thread { [self] in
            drive()
            finished.signal()
        }
        thread.name = "drill-load"
        thread.start()
    }

    /// Stops sending and waits (bounded) for the last request to end.
    func stop() -> (acknowledged: [Acknowledged], failures: Int) {
        stopping.withLock { $0 = true }
        _ = finished.wait(timeout: .now() + .milliseconds(Self.requestTimeoutMs * (state.nodes.count + 1)))
        return (acknowledged.withLock { $0 }, failures.withLock { $0 })
    }

    var acknowledgedCount: Int { acknowledged.withLock { $0.count } }

    private func drive() {
        guard let context = try? ZeroMQContext(), let keyPair = try? LocalClusterControl.adminKeyPair(state) else {
            failures.withLock { $0 += 1 }
            return
        }
        var clients: [UInt64: APIClient] = [:]
        defer {
            for client in clients.values { client.close() }
            context.close()
        }
        var nodeIndex = 0
        var sequence = 0
        let interval = 1.0 / Double(perSecond)
        var next = Date()
        while !stopping.withLock({ $0 }), sequence < Self.maxAppendsPerTicket * tickets.count {
            let ticket = tickets[sequence % tickets.count]
            let text = "\(tag) append \(sequence)"
            // One request, tried on each node in turn under the same id until one answers.
            for _ in 0..<state.nodes.count {
                let record = state.nodes[nodeIndex % state.nodes.count]
                do {
                    let client = try clients[record.id] ?? APIClient(
                        context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
                        keyPair: keyPair, name: "drill-load")
                    clients[record.id] = client
                    _ = try client.call(
                        .ticketAppend, TicketAppendArgs(ticketId: ticket, text: text), requestID: "\(tag)-\(sequence)",
                        timeoutMs: Self.requestTimeoutMs, as: TicketWriteResult.self)
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    acknowledged.withLock { $0.append(Acknowledged(ticketId: ticket, text: text, atMs: now)) }
                    break
                } catch {
                    failures.withLock { $0 += 1 }
                    clients.removeValue(forKey: record.id)?.close()
                }
                nodeIndex += 1
            }
            sequence += 1
            next += interval
            let wait = next.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) } else { next = Date() }
        }
    }
}
