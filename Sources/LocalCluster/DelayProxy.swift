import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The WAN lab's stand-in for distance: a TCP relay that holds every byte a fixed time before passing
/// it on, each way, so a round trip through it costs twice `oneWayMs`. The kernel here has no netem,
/// so the delay is made in user space. Order is kept (one FIFO per direction, one constant delay),
/// and each direction holds at most `maxQueuedChunks` reads: past that the relay stops reading and
/// TCP's own flow control slows the sender, as a full WAN link would.
public final class DelayProxy: Sendable {
    public struct Route: Sendable, Equatable, CustomStringConvertible {
        public var listenHost: String
        public var listenPort: Int
        public var targetHost: String
        public var targetPort: Int
        public var oneWayMs: Int

        public init(listenHost: String, listenPort: Int, targetHost: String, targetPort: Int, oneWayMs: Int) {
            self.listenHost = listenHost
            self.listenPort = listenPort
            self.targetHost = targetHost
            self.targetPort = targetPort
            self.oneWayMs = oneWayMs
        }

        /// `LISTEN_HOST:PORT=TARGET_HOST:PORT@ONE_WAY_MS`, as `clusterctl lab proxy --route` takes it.
        public init?(_ text: String) {
            let halves = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard halves.count == 2 else { return nil }
            let target = halves[1].split(separator: "@", maxSplits: 1).map(String.init)
            guard target.count == 2, let oneWayMs = Int(target[1]), (0...Self.maxOneWayMs).contains(oneWayMs),
                let listen = Self.hostPort(halves[0]), let to = Self.hostPort(target[0])
            else { return nil }
            self.init(listenHost: listen.0, listenPort: listen.1, targetHost: to.0, targetPort: to.1, oneWayMs: oneWayMs)
        }

        public var description: String { "\(listenHost):\(listenPort)=\(targetHost):\(targetPort)@\(oneWayMs)" }

        /// A WAN's one-way delay is tens of milliseconds; a second is already a broken link.
        public static let maxOneWayMs = 1_000

        private static func hostPort(_ text: String) -> (String, Int)? {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (1...65_535).contains(port)
            else { return nil }
            return (String(text[..<colon]), port)
        }
    }

    /// Reads in flight per direction; at 64 KiB a read, 16 MiB at most per connection and way.
    static let maxQueuedChunks = 256
    static let chunkBytes = 64 << 10
    /// A node has one connection per peer; more than this on a route is not ours to carry.
    static let maxConnectionsPerRoute = 64

    let routes: [Route]

    public init(routes: [Route]) {
        self.routes = routes
    }

    /// Binds every route's listener first (so a port in use fails at once), says so through
    /// `listening` (so a caller waits for that rather than polling), then relays until the process ends.
    public func run(listening: () -> Void) throws(LocalClusterError) -> Never {
        var listeners: [(Int32, Route)] = []
        for route in routes { listeners.append((try Self.listen(route), route)) }
        listening()
        for (listener, route) in listeners {
            Self.detach { Self.acceptLoop(listener: listener, route: route) }
        }
        while true { pause() }
    }

    private static func acceptLoop(listener: Int32, route: Route) {
        let open = Counter()
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard open.add(1) <= maxConnectionsPerRoute, let upstream = try? connectTo(route.targetHost, route.targetPort) else {
                open.add(-1)
                close(client)
                continue
            }
            let connection = Connection(client: client, upstream: upstream) { open.add(-1) }
            connection.relay(oneWayMs: route.oneWayMs)
        }
    }

    private static func listen(_ route: Route) throws(LocalClusterError) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .fileSystem(path: "\(route)", reason: "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = try socketAddress(route.listenHost, route.listenPort)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .portUnavailable(port: route.listenPort, reason: "delay proxy \(route): \(reason)")
        }
        return descriptor
    }

    static func connectTo(_ host: String, _ port: Int) throws(LocalClusterError) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .transport(reason: "socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(host, port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw .transport(reason: "connect \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    private static func socketAddress(_ host: String, _ port: Int) throws(LocalClusterError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw .transport(reason: "\(host) is not an IPv4 address")
        }
        return address
    }

    static func detach(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Open connections of one route.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        @discardableResult
        func add(_ delta: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += delta
            return value
        }
    }
}
