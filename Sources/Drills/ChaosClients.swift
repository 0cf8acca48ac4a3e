import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import Synchronization
import ZeroMQ

/// The clients of a chaos run: each on a thread of its own, appending unique values to and reading
/// a few tickets through whichever node it is connected to, moving to another node after anything
/// but success. Every operation is recorded as the client saw it.
final class ChaosClients: Sendable {
    private let history = Mutex<[ChaosOperation]>([])
    private let stopping = Atomic<Bool>(false)
    private let started: ContinuousClock.Instant

    init(started: ContinuousClock.Instant) {
        self.started = started
    }

    var operations: [ChaosOperation] { history.withLock { $0 } }

    func stop() { stopping.store(true, ordering: .relaxed) }

    func nanoseconds() -> UInt64 {
        let (seconds, attoseconds) = started.duration(to: .now).components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000
    }

    /// Runs one client until `stop` or `untilNs`; `tickets(ns)` is the window of tickets in use then.
    func run(
        client id: Int, state: LocalClusterState, options: ChaosOptions, untilNs: UInt64,
        tickets: @Sendable (UInt64) -> [Int64]
    ) {
        var random = SplitMix64(seed: options.seed &+ UInt64(id) &* 0x9E37_79B9_7F4A_7C15)
        guard let context = try? ZeroMQContext(), let keyPair = try? LocalClusterControl.clientKeyPair(state) else { return }
        defer { context.close() }
        var connections: [UInt64: APIClient] = [:]
        defer { for connection in connections.values { connection.close() } }
        var node = state.nodes[id % state.nodes.count]
        var appended = 0
        while !stopping.load(ordering: .relaxed), nanoseconds() < untilNs {
            guard let ticket = random.pick(tickets(nanoseconds())) else { return }
            let connection: APIClient
            if let open = connections[node.id] {
                connection = open
            } else {
                guard let key = try? CurveKey(contentsOfFile: node.publicKey),
                    let opened = try? APIClient(context: context, endpoint: node.client, serverKey: key, keyPair: keyPair, name: "chaos-\(id)")
                else { return }
                connections[node.id] = opened
                connection = opened
            }
            var operation: ChaosOperation
            if random.chance(50) {
                appended += 1
                operation = append("c\(id)-\(appended)", to: ticket, by: id, on: node.id, connection, options)
            } else {
                operation = read(ticket, by: id, on: node.id, connection, options)
            }
            operation.completedNs = nanoseconds()
            history.withLock { $0.append(operation) }
            if operation.outcome != .ok {
                // The answer may yet come, on a socket no later request should share.
                connections.removeValue(forKey: node.id)?.close()
                node = random.pick(state.nodes) ?? node
            }
        }
    }

    private func append(
        _ value: String, to ticket: Int64, by client: Int, on node: UInt64, _ connection: APIClient, _ options: ChaosOptions
    ) -> ChaosOperation {
        var operation = ChaosOperation(
            client: client, node: node, kind: .append, ticket: ticket, value: value, invokedNs: nanoseconds(), completedNs: 0, outcome: .ok)
        do {
            _ = try connection.call(
                .ticketAppend, TicketAppendArgs(ticketId: ticket, text: value), timeoutMs: options.operationTimeoutMs,
                as: TicketWriteResult.self)
        } catch {
            (operation.outcome, operation.error) = Self.classify(error)
        }
        return operation
    }

    private func read(_ ticket: Int64, by client: Int, on node: UInt64, _ connection: APIClient, _ options: ChaosOptions) -> ChaosOperation {
        var operation = ChaosOperation(client: client, node: node, kind: .read, ticket: ticket, invokedNs: nanoseconds(), completedNs: 0, outcome: .ok)
        do {
            let answer = try connection.call(
                .ticketGet, TicketGetArgs(ticketId: ticket), timeoutMs: options.operationTimeoutMs, as: Ticket.self)
            operation.observed = answer.history.map(\.text)
        } catch {
            (operation.outcome, operation.error) = Self.classify(error)
        }
        return operation
    }

    /// docs/API.md's table: these codes mean the write was not applied; the retryable ones and
    /// no answer at all mean it may have been.
    static func classify(_ error: any Error) -> (ChaosOperation.Outcome, String) {
        guard let refusal = error as? APIError else { return (.unknown, "no answer: \(error)") }
        switch refusal.code {
        case .timeout, .noQuorum, .busy, .unavailable, .internalError: return (.unknown, refusal.code.rawValue)
        default: return (.failed, refusal.code.rawValue)
        }
    }
}
