#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import ZeroMQ

@Suite struct SocketBasicsTests {
    @Test func pollerReportsOnlyTheReadySocket() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let quietServer = try ZeroMQSocket(context: context, type: .pair)
        try quietServer.bind("inproc://quiet")
        let busyServer = try ZeroMQSocket(context: context, type: .pair)
        try busyServer.bind("inproc://busy")
        let sender = try ZeroMQSocket(context: context, type: .pair)
        try sender.connect("inproc://busy")

        let poller = ZeroMQPoller()
        let quiet = poller.register(quietServer)
        let busy = poller.register(busyServer)
        #expect(poller.count == 2)

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try poller.poll(timeoutMs: 50) == [[], []])
        #expect(clock.now - start >= .milliseconds(45))

        #expect(try sender.send([bytes("ping")], timeoutMs: 100))
        let ready = try poller.poll(timeoutMs: 1000)
        #expect(ready[busy] == .readable)
        #expect(ready[quiet].isEmpty)
        #expect(try busyServer.tryReceive()?.frames == [bytes("ping")])
        #expect(try busyServer.tryReceive() == nil)
    }

    @Test func dealerWithoutPeersCannotSendAndTimesOut() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let dealer = try ZeroMQSocket(context: context, type: .dealer)
        let poller = ZeroMQPoller()
        poller.register(dealer, for: .writable)
        #expect(try poller.poll(timeoutMs: 0) == [[]])
        #expect(try dealer.send([bytes("x")], timeoutMs: 20) == false)
        #expect(try dealer.trySend([bytes("x")]) == false)
        #expect(try dealer.receive(timeoutMs: 20) == nil)
    }

    @Test func routerMandatoryReportsUnknownPeers() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let router = try ZeroMQSocket(context: context, type: .router)
        try router.setRouterMandatory(true)
        let error = try #require(throws: ZeroMQError.self) {
            try router.send([bytes("nobody"), bytes("hi")], timeoutMs: 0)
        }
        #expect(error.errno == EHOSTUNREACH)
    }

    @Test func optionsRoundTripAndWildcardPortIsResolved() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let socket = try ZeroMQSocket(context: context, type: .router)
        try socket.setRoutingID(bytes("node-7"))
        #expect(try socket.routingID() == bytes("node-7"))
        try socket.setSendHighWaterMark(messages: 10)
        try socket.setReceiveHighWaterMark(messages: 10)
        try socket.setMaxMessageSize(bytes: 1 << 20)
        try socket.setReconnectInterval(intervalMs: 50, maxIntervalMs: 1000)
        try socket.setHeartbeat(intervalMs: 200, timeoutMs: 600, ttlMs: 1000)
        try socket.setHandshakeTimeout(timeoutMs: 1000)
        try socket.setImmediate(true)
        try socket.bind("tcp://127.0.0.1:*")
        let endpoint = try socket.lastEndpoint()
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(Int(endpoint.split(separator: ":").last ?? "") ?? 0 > 0)
    }

    @Test func misuseIsReportedAsErrors() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let req = try ZeroMQSocket(context: context, type: .req)
        let outOfOrder = try #require(throws: ZeroMQError.self) { try req.receive(timeoutMs: 0) }
        #expect(outOfOrder.message == "Operation cannot be accomplished in current state")
        #expect(throws: ZeroMQError(operation: "receive", errno: EINVAL)) { try req.receive(timeoutMs: -1) }
        #expect(throws: ZeroMQError.self) { try req.send([], timeoutMs: 0) }
        let badEndpoint = try #require(throws: ZeroMQError.self) { try req.bind("carrier-pigeon://x") }
        #expect(badEndpoint.errno == EPROTONOSUPPORT)
        #expect(badEndpoint.description.contains("carrier-pigeon://x"))
        #expect(throws: ZeroMQError.self) { try req.setRoutingID([]) }
        #expect(throws: ZeroMQError.self) {
            try req.configureCurveServer(secretKey: try CurveKeyPair.generate().secretKey, zapDomain: "")
        }
    }
}
