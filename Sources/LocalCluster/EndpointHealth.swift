import Foundation

/// One node's /health and /ready as `clusterctl health` reports them.
public struct EndpointHealth: Sendable, Equatable, Codable {
    public var node: UInt64
    public var center: String
    public var endpoint: String
    public var healthy: Bool
    public var ready: Bool
    /// How long /health took to answer, in milliseconds; nil when it did not.
    public var tookMs: Double?
    /// The node's own reason when it is not healthy or not ready, or why it could not be asked.
    public var reason: String?

    /// Asks each node in turn, each bounded by `timeoutMs`.
    public static func check(_ nodes: [LocalClusterState.NodeRecord], timeoutMs: Int) -> [EndpointHealth] {
        nodes.map { node in
            var health = EndpointHealth(node: node.id, center: node.center, endpoint: node.http, healthy: false, ready: false)
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let answer = try HTTPGet.fetch("http://\(node.http)/health", timeoutMs: timeoutMs)
                let took = started.duration(to: clock.now)
                health.tookMs = Double(took.components.seconds) * 1_000 + Double(took.components.attoseconds) / 1e15
                health.healthy = answer.status == 200
                health.reason = reason(answer.body)
                let ready = try HTTPGet.fetch("http://\(node.http)/ready", timeoutMs: timeoutMs)
                health.ready = ready.status == 200
                health.reason = health.reason ?? reason(ready.body)
            } catch {
                health.reason = "\(error)"
            }
            return health
        }
    }

    /// The `reason` of a node's JSON answer, if it has one.
    static func reason(_ body: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["reason"] as? String
    }

    public static func text(_ report: [EndpointHealth]) -> String {
        report.map { health in
            let took = health.tookMs.map { String(format: "took %.1f ms", $0) } ?? "no answer"
            let verdict = health.healthy ? "is healthy" : "is unhealthy"
            let ready = health.tookMs == nil ? "" : (health.ready ? ", ready" : ", not ready")
            return "node \(health.node) (\(health.center), http://\(health.endpoint)) \(verdict)\(ready): \(took)"
                + (health.reason.map { ": \($0)" } ?? "")
        }.joined(separator: "\n")
    }
}
