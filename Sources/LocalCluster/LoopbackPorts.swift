#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TCP ports on 127.0.0.1 for the nodes to listen on.
public enum LoopbackPorts {
    /// `count` distinct ports the kernel reports free now. All are held open until every one is
    /// chosen, so the kernel cannot hand out the same port twice.
    public static func free(count: Int) throws(LocalClusterError) -> [Int] {
        var held: [Int32] = []
        defer { held.forEach { _ = close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let (descriptor, port) = try bindLoopback(port: 0)
            held.append(descriptor)
            ports.append(port)
        }
        return ports
    }

    /// Fails with `portUnavailable` unless every port can be bound now.
    public static func check(_ ports: [Int]) throws(LocalClusterError) {
        for port in ports {
            let (descriptor, _) = try bindLoopback(port: port)
            _ = close(descriptor)
        }
    }

    /// Binds a TCP socket with SO_REUSEADDR, as libzmq and the HTTP server do, so a port in
    /// TIME_WAIT from a stopped node counts as free.
    private static func bindLoopback(port: Int) throws(LocalClusterError) -> (Int32, Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw .portUnavailable(port: port, reason: errorText(errno)) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            _ = close(descriptor)
            throw .portUnavailable(port: port, reason: errorText(code))
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
