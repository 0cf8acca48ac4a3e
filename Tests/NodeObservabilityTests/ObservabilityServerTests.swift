import Foundation
import Logging
import NodeObservability
import ServiceLifecycle
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct ObservabilityServerTests {
    /// Alone these steps take milliseconds. Hummingbird answers on the cooperative pool, which in a
    /// full run on a 2-core CI machine the suite's long tests can hold for minutes (trivial tests
    /// there started 400 s late), so the bound is about the suite, not this server.
    static let limitSeconds = 300.0

    struct Reply {
        var status: Int
        var contentType: String?
        var body: Data
    }

    func get(_ path: String, port: Int) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = Self.limitSeconds
        let (body, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: body)
    }

    func health(_ reply: Reply) throws -> NodeHealth {
        try JSONDecoder().decode(NodeHealth.self, from: reply.body)
    }

    @Test func servesMetricsHealthAndReadinessThenStopsOnCancel() async throws {
        let metrics = NodeMetrics()
        let vitals = NodeVitals(.starting(nodeID: 2, center: "lyon"))
        let (ports, bound) = AsyncStream<Int>.makeStream()
        let server = try ObservabilityServer(
            address: "127.0.0.1:0", metrics: metrics, vitals: vitals, logger: Logger(label: "observability-test"),
            onBound: { bound.yield($0) })
        let running = Task { try await server.run() }
        defer { running.cancel() }

        let port = try await within(.seconds(Self.limitSeconds), "binding") { await ports.first { _ in true } }
        let boundPort = try #require(port)
        #expect(boundPort > 0)

        metrics.updateRaft(term: 3, role: "follower", leaderID: 1, commitIndex: 9, appliedIndex: 9, lastIndex: 9)
        let scrape = try await get("/metrics", port: boundPort)
        #expect(scrape.status == 200)
        #expect(scrape.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(Exposition(String(decoding: scrape.body, as: UTF8.self)).value("interflow_term") == 3)

        let unhealthy = try await get("/health", port: boundPort)
        #expect(unhealthy.status == 503)
        #expect(unhealthy.contentType == "application/json")
        #expect(try health(unhealthy) == vitals.current)
        #expect(try await get("/ready", port: boundPort).status == 503)
        // Unhealthy, but its loop turns: alive.
        #expect(try await get("/live", port: boundPort).status == 200)

        let assessed = NodeHealth.assess(
            nodeID: 2, center: "lyon", role: "follower", term: 3, leaderID: 1, commitIndex: 9, appliedIndex: 9,
            millisecondsSinceLeaderContact: 20, readiness: Readiness(commitIndexAtStart: 9, serving: true))
        vitals.update(assessed)
        let healthy = try await get("/health", port: boundPort)
        #expect(healthy.status == 200)
        #expect(try health(healthy) == assessed)
        let ready = try await get("/ready", port: boundPort)
        #expect(ready.status == 200)
        #expect(try health(ready).ready)

        #expect(try await get("/nothing", port: boundPort).status == 404)

        running.cancel()
        // Whether run() returns or throws on cancellation does not matter; it must end promptly.
        _ = try await within(.seconds(Self.limitSeconds), "stopping the server") { await running.result }
    }

    @Test func stopsOnGracefulShutdownOfItsServiceGroup() async throws {
        let logger = Logger(label: "observability-test")
        let (ports, bound) = AsyncStream<Int>.makeStream()
        let server = try ObservabilityServer(
            address: "127.0.0.1:0", metrics: NodeMetrics(), vitals: NodeVitals(.starting(nodeID: 1, center: "c")),
            logger: logger, onBound: { bound.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let running = Task { try await group.run() }
        defer { running.cancel() }

        let port = try #require(try await within(.seconds(Self.limitSeconds), "binding") { await ports.first { _ in true } })
        #expect(try await get("/ready", port: port).status == 503)

        await group.triggerGracefulShutdown()
        try await within(.seconds(Self.limitSeconds), "graceful shutdown") { try await running.value }
    }
}
