import Glibc

/// A descriptor that turns readable when another thread signals. The node's loop waits in
/// `zmq_poll`, which watches sockets and descriptors but no lock: this is how the storage thread
/// tells it that a persist finished. A non-blocking pipe: its read end is polled.
public final class WakeSignal: Sendable {
    public let fileDescriptor: Int32
    private let writeEnd: Int32

    public init() throws(WakeSignalError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw WakeSignalError(errno: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }

    func signal() {
        var byte: UInt8 = 1
        // It fails only when the pipe is full, and then it is readable anyway.
        _ = write(writeEnd, &byte, 1)
    }

    /// Makes the descriptor unreadable again until the next `signal`.
    func clear() {
        var buffer = [UInt8](repeating: 0, count: 256)
        // Bounded: a full pipe holds 64 KiB, and signals are one byte each.
        var reads = 0
        while reads < 256, read(fileDescriptor, &buffer, buffer.count) == buffer.count { reads += 1 }
    }
}

public struct WakeSignalError: Error, CustomStringConvertible {
    public let errno: Int32
    public var description: String { "cannot create a pipe: \(String(cString: strerror(errno)))" }
}
