import ClientAPI
import Dispatch
import Foundation
import Synchronization
import ZeroMQ

/// Asks several nodes for `cluster.status` at once, each on its own thread with its own socket
/// (sockets have one owner), so one unreachable node costs one timeout, not one per node.
public enum StatusProbe {
    public typealias Answer = Result<ClusterStatus, ProbeFailure>

    public struct ProbeFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) {
            self.message = message
        }
    }

    /// One answer per node; a node that did not answer within `timeoutMs` gets a failure.
    public static func query(
        _ nodes: [LocalClusterState.NodeRecord], keyPair: CurveKeyPair, context: ZeroMQContext, timeoutMs: Int
    ) -> [UInt64: Answer] {
        let answers = Answers()
        let group = DispatchGroup()
        for node in nodes {
            group.enter()
            Thread {
                answers.set(node.id, ask(node, keyPair: keyPair, context: context, timeoutMs: timeoutMs))
                group.leave()
            }.start()
        }
        // Each call is bounded by timeoutMs; the margin covers thread start and socket setup.
        _ = group.wait(timeout: .now() + .milliseconds(timeoutMs + 2_000))
        let collected = answers.snapshot()
        return Dictionary(
            uniqueKeysWithValues: nodes.map { node in
                (node.id, collected[node.id] ?? .failure(ProbeFailure(message: "no answer within \(timeoutMs) ms")))
            })
    }

    /// One node's status over a fresh CURVE connection with `keyPair`.
    public static func ask(
        _ node: LocalClusterState.NodeRecord, keyPair: CurveKeyPair, context: ZeroMQContext, timeoutMs: Int
    ) -> Answer {
        do {
            let serverKey = try CurveKey(contentsOfFile: node.publicKey)
            let client = try APIClient(
                context: context, endpoint: node.client, serverKey: serverKey, keyPair: keyPair,
                name: "clusterctl-\(getpid())-\(node.id)")
            defer { client.close() }
            return .success(
                try client.call(.clusterStatus, NoArguments(), timeoutMs: timeoutMs, as: ClusterStatus.self))
        } catch {
            return .failure(ProbeFailure(message: "\(error)"))
        }
    }

    private final class Answers: Sendable {
        private let byNode = Mutex<[UInt64: Answer]>([:])

        func set(_ id: UInt64, _ answer: Answer) {
            byNode.withLock { $0[id] = answer }
        }

        func snapshot() -> [UInt64: Answer] {
            byNode.withLock { $0 }
        }
    }
}
