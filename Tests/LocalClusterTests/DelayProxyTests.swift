import Foundation
import LocalCluster
import Synchronization
import Testing

extension ClusterctlCommandTests {
    /// The lab's delay proxy on loopback (no root needed): it adds its delay each way, and carries a
    /// stream larger than its queues whole and in order.
    @Test("lab proxy: a round trip costs twice the one-way delay, and 4 MiB come back whole and in order")
    func delayProxy() throws {
        let ports = try LoopbackPorts.free(count: 2)
        let echo = try EchoServer(port: ports[1])
        defer { echo.close() }
        let oneWayMs = 40
        let proxy = try Self.follow(["lab", "proxy", "--route", "127.0.0.1:\(ports[0])=127.0.0.1:\(ports[1])@\(oneWayMs)"])
        defer { proxy.stop() }
        _ = try proxy.firstLine(containing: "delay proxy listening", timeoutSeconds: 10)
        let client = try connectTo(port: ports[0])
        defer { Glibc.close(client) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let started = ContinuousClock.now
        try sendAll(client, [42])
        #expect(try receive(client, count: 1) == [42])
        let roundTrip = ContinuousClock.now - started
        #expect(roundTrip >= .milliseconds(2 * oneWayMs), "\(roundTrip)")
        #expect(roundTrip < .seconds(2), "\(roundTrip)")

        let stream = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }
        let sender = Thread { try? sendAll(client, stream) }
        sender.start()
        #expect(try receive(client, count: stream.count) == stream)

        let bad = try Self.clusterctl(["lab", "proxy", "--route", "127.0.0.1:1=nowhere"])
        #expect(bad.status != 0 && bad.errors.contains("LISTEN_HOST:PORT=TARGET_HOST:PORT@ONE_WAY_MS"), "\(bad.errors)")
    }
}

private struct SocketFailure: Error, CustomStringConvertible {
    var description: String
}

private func loopback(_ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// The proxy has said it listens: one attempt.
private func connectTo(port: Int) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        Glibc.close(descriptor)
        throw SocketFailure(description: "connect 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
    }
    return descriptor
}

private func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
    var sent = 0
    while sent < bytes.count {
        let count = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
        guard count > 0 else { throw SocketFailure(description: "send: \(String(cString: strerror(errno)))") }
        sent += count
    }
}

/// Exactly `count` bytes; the socket's receive timeout bounds each wait.
private func receive(_ descriptor: Int32, count: Int) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var received = 0
    while received < count {
        let got = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, count - received, 0) }
        guard got > 0 else { throw SocketFailure(description: "received \(received) of \(count) bytes, then \(got < 0 ? String(cString: strerror(errno)) : "end of stream")") }
        received += got
    }
    return bytes
}

/// Sends back whatever one connection sends it.
private final class EchoServer: Sendable {
    let listener: Int32

    init(port: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 4) == 0 else { throw SocketFailure(description: "echo server on \(port): \(String(cString: strerror(errno)))") }
        self.listener = listener
        Thread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0, (try? sendAll(connection, Array(buffer[0..<count]))) != nil else { break }
            }
            Glibc.close(connection)
        }.start()
    }

    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }
}
