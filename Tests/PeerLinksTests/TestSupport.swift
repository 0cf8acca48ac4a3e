import Consensus
import Synchronization
import Testing
import Wire
import ZeroMQ

@testable import PeerLinks

/// Generous bounds: every wait in these tests ends by itself, and a passing run never comes near them.
enum Bounds {
    /// A CURVE handshake plus a ZAP round trip on a loaded machine.
    static let deliveryMs = 3000
    /// How long to watch for something that must not happen.
    static let silenceMs = 400
}

/// Options for tests: fast reconnects so a restarted node is found quickly.
func testOptions() -> PeerLinksOptions {
    var options = PeerLinksOptions()
    options.reconnectIntervalMs = 20
    options.maxReconnectIntervalMs = 100
    return options
}

/// Log lines collected from the links' logging closure, readable from the test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// One node's peer links in a context of its own, as a separate process would have.
final class TestNode {
    let id: NodeID
    let keys: CurveKeyPair
    let context: ZeroMQContext
    let authenticator: ZAPAuthenticator
    let links: PeerLinks
    let logLines = LogLines()
    /// Events polled while waiting for something else, so no test loses one.
    var backlog: [PeerEvent] = []

    init(
        id: NodeID, keys: CurveKeyPair? = nil, endpoint: String = "tcp://127.0.0.1:*",
        peers: [NodeID: PeerAddress] = [:], options: PeerLinksOptions = testOptions()
    ) throws {
        self.id = id
        self.keys = try keys ?? CurveKeyPair.generate()
        context = try ZeroMQContext()
        authenticator = ZAPAuthenticator(context: context)
        let lines = logLines
        links = PeerLinks(
            context: context, authenticator: authenticator, selfID: id, endpoint: endpoint,
            keyPair: self.keys, peers: peers, options: options, log: { lines.append($0) })
        try links.start()
    }

    deinit {
        shutDown()
    }

    /// What a crashed process leaves behind: every socket closed, its connections closed with them.
    func shutDown() {
        links.close()
        authenticator.stop()
        context.close()
    }

    var address: PeerAddress {
        get throws { PeerAddress(endpoint: try #require(links.boundEndpoint), publicKey: keys.publicKey) }
    }

    /// Polls in bounded steps until `done` holds for what has arrived (the backlog included); returns
    /// everything collected and keeps nothing back. Records an issue if time runs out.
    @discardableResult
    func collect(
        withinMs boundMs: Int = Bounds.deliveryMs, sourceLocation: SourceLocation = #_sourceLocation,
        until done: ([PeerEvent]) -> Bool
    ) throws -> [PeerEvent] {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(boundMs))
        var events = backlog
        backlog = []
        while !done(events) {
            guard ContinuousClock.now < deadline else {
                Issue.record("node \(id) did not get what was awaited; got \(events)", sourceLocation: sourceLocation)
                return events
            }
            events += try links.poll(timeoutMs: 50)
        }
        return events
    }

    /// Waits for `.connected` from each of `ids` (the others' events go to the backlog).
    func awaitConnected(to ids: Set<NodeID>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let events = try collect(sourceLocation: sourceLocation) { events in
            ids.isSubset(of: Set(events.compactMap { if case .connected(let id) = $0 { id } else { nil } }))
        }
        backlog = events.filter { if case .connected(let id) = $0 { !ids.contains(id) } else { true } }
    }

    /// Messages received until `count` have arrived.
    func receiveMessages(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Message] {
        let events = try collect(sourceLocation: sourceLocation) { $0.messages.count >= count }
        backlog = events.filter { if case .message = $0 { false } else { true } }
        return events.messages
    }

    /// Polls for `silenceMs` and fails if any message arrives.
    func expectNoMessages(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Bounds.silenceMs))
        var events: [PeerEvent] = []
        while ContinuousClock.now < deadline { events += try links.poll(timeoutMs: 50) }
        #expect(events.messages.isEmpty, "no message may arrive", sourceLocation: sourceLocation)
        backlog += events.filter { if case .message = $0 { false } else { true } }
    }
}

extension [PeerEvent] {
    var messages: [Message] { compactMap { if case .message(let message) = $0 { message } else { nil } } }
}

/// Starts nodes with no peers (their ports are not known before they bind), then tells each the others.
func startCluster(_ ids: [NodeID], options: PeerLinksOptions = testOptions()) throws -> [NodeID: TestNode] {
    var nodes: [NodeID: TestNode] = [:]
    for id in ids { nodes[id] = try TestNode(id: id, options: options) }
    let addresses = try nodes.mapValues { try $0.address }
    for node in nodes.values { try node.links.updatePeers(addresses) }
    for node in nodes.values { try node.awaitConnected(to: Set(ids).subtracting([node.id])) }
    return nodes
}

/// A raw DEALER in a context of its own, to send frames the links themselves would never send.
final class RawPeer {
    let context: ZeroMQContext
    let socket: ZeroMQSocket

    init(keys: CurveKeyPair, server: PeerAddress) throws {
        context = try ZeroMQContext()
        socket = try ZeroMQSocket(context: context, type: .dealer)
        try socket.configureCurveClient(keyPair: keys, serverPublicKey: server.publicKey)
        try socket.setReconnectInterval(intervalMs: 20, maxIntervalMs: 100)
        try socket.connect(server.endpoint)
    }

    deinit {
        socket.close()
        context.close()
    }

    func send(_ frames: [UInt8]...) throws {
        #expect(try socket.send(frames, timeoutMs: Bounds.deliveryMs))
    }
}
