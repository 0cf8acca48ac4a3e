import Foundation
import Hummingbird

/// The scrape and probe endpoints: `/metrics` for Prometheus; `/health`, `/ready` and `/live` for
/// orchestrators, which look only at the status code (200 or 503); the JSON body is for the humans
/// reading along. As in etcd: health is having a leader, ready is able to serve (healthy and
/// replayed), live is the process turning, so that a node cut off in a minority leaves the load
/// balancer but is not restarted.
enum ObservabilityRoutes {
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static func router(metrics: NodeMetrics, vitals: NodeVitals) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: metricsContentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("health") { _, _ in
            let health = vitals.current
            return try verdict(health, passed: health.healthy)
        }
        router.get("ready") { _, _ in
            let health = vitals.current
            return try verdict(health, passed: health.ready)
        }
        router.get("live") { _, _ in
            try verdict(vitals.current, passed: vitals.isLive)
        }
        return router
    }

    private static func verdict(_ health: NodeHealth, passed: Bool) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: passed ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(health))))
    }
}
