import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DelayProxy {
    /// One relayed TCP connection: per direction a reader that stamps each read with when it may
    /// leave, and a writer that sends it then. Four threads; the last to finish closes both sockets,
    /// so no thread ever uses a descriptor the kernel has handed to someone else.
    final class Connection: @unchecked Sendable {
        let client: Int32
        let upstream: Int32
        private let lock = NSLock()
        private var running = 4
        private let onClose: @Sendable () -> Void

        init(client: Int32, upstream: Int32, onClose: @escaping @Sendable () -> Void) {
            self.client = client
            self.upstream = upstream
            self.onClose = onClose
        }

        func relay(oneWayMs: Int) {
            for (from, to) in [(client, upstream), (upstream, client)] {
                let queue = DelayedChunks()
                DelayProxy.detach { [self] in
                    read(from: from, into: queue, oneWayMs: oneWayMs)
                    finished()
                }
                DelayProxy.detach { [self] in
                    write(to: to, from: queue)
                    finished()
                }
            }
        }

        private func read(from descriptor: Int32, into queue: DelayedChunks, oneWayMs: Int) {
            var buffer = [UInt8](repeating: 0, count: DelayProxy.chunkBytes)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    queue.put(nil, dueNs: 0)
                    return
                }
                queue.put(Array(buffer[0..<count]), dueNs: DispatchTime.now().uptimeNanoseconds + UInt64(oneWayMs) * 1_000_000)
            }
        }

        private func write(to descriptor: Int32, from queue: DelayedChunks) {
            while let (chunk, dueNs) = queue.take() {
                while case let now = DispatchTime.now().uptimeNanoseconds, dueNs > now {
                    usleep(useconds_t(min((dueNs - now) / 1_000, 100_000)))
                }
                guard sendAll(chunk, to: descriptor) else {
                    // The far end is gone: end both directions, and their readers see it.
                    shutdown(client, Int32(SHUT_RDWR))
                    shutdown(upstream, Int32(SHUT_RDWR))
                    queue.abandon()
                    return
                }
            }
            shutdown(descriptor, Int32(SHUT_WR))
        }

        private func sendAll(_ chunk: [UInt8], to descriptor: Int32) -> Bool {
            var sent = 0
            while sent < chunk.count {
                let count = chunk.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }

        private func finished() {
            lock.lock()
            running -= 1
            let last = running == 0
            lock.unlock()
            guard last else { return }
            close(client)
            close(upstream)
            onClose()
        }
    }

    /// A bounded FIFO of reads and when each may leave; nil marks the end of the stream.
    final class DelayedChunks: @unchecked Sendable {
        private let condition = NSCondition()
        private var chunks: [(chunk: [UInt8]?, dueNs: UInt64)] = []
        private var head = 0
        private var abandoned = false

        /// Blocks while the queue is full: the reader stops and TCP slows the sender.
        func put(_ chunk: [UInt8]?, dueNs: UInt64) {
            condition.lock()
            defer { condition.unlock() }
            while chunks.count - head >= DelayProxy.maxQueuedChunks && !abandoned { condition.wait() }
            guard !abandoned else { return }
            chunks.append((chunk, dueNs))
            condition.broadcast()
        }

        /// The next chunk, waiting for one; nil at the end of the stream.
        func take() -> ([UInt8], UInt64)? {
            condition.lock()
            defer { condition.unlock() }
            while head == chunks.count && !abandoned { condition.wait() }
            guard !abandoned, let chunk = chunks[head].chunk else { return nil }
            let dueNs = chunks[head].dueNs
            head += 1
            if head > 1_024 {
                chunks.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return (chunk, dueNs)
        }

        /// The writer gave up: release a reader blocked on a full queue.
        func abandon() {
            condition.lock()
            abandoned = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
