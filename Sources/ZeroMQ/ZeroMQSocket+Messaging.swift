import CZeroMQ

extension ZeroMQSocket {
    /// Queues a multipart message, waiting at most `timeoutMs` for room (0: do not wait).
    /// Returns false when there was no room in time (high-water mark reached, or a DEALER/REQ with no
    /// connected peer), and nothing was queued. libzmq delivers all frames or none.
    /// A ROUTER never waits: it drops a message for an unknown or full peer without a word unless
    /// `setRouterMandatory(true)`, which makes that EHOSTUNREACH or a false return instead.
    public func send(_ frames: [[UInt8]], timeoutMs: Int) throws(ZeroMQError) -> Bool {
        let limitMs = try ZeroMQError.checkedTimeout(timeoutMs, "send")
        let raw = try open("send")
        guard !frames.isEmpty else { throw ZeroMQError(operation: "send (no frames)", errno: EINVAL) }
        let deadline = Deadline(afterMs: limitMs)
        let last = frames.count - 1
        // Only the first frame can find the queue full: once it is accepted, libzmq takes the rest of
        // the message without checking the high-water mark again.
        while true {
            let waitMs = deadline.remainingMs()
            var flags = last == 0 ? Int32(0) : ZMQ_SNDMORE
            if waitMs == 0 {
                flags |= ZMQ_DONTWAIT
            } else {
                try setSendTimeout(waitMs)
            }
            if sendFrame(raw, frames[0], flags) { break }
            switch zmq_errno() {
            case EAGAIN: return false
            case EINTR: continue
            default: throw ZeroMQError.last("send")
            }
        }
        var index = 1
        while index <= last {
            let flags = ZMQ_DONTWAIT | (index == last ? 0 : ZMQ_SNDMORE)
            if sendFrame(raw, frames[index], flags) {
                index += 1
            } else if zmq_errno() != EINTR {
                throw ZeroMQError.last("send frame \(index + 1) of \(frames.count)")
            }
        }
        return true
    }

    /// Never waits.
    public func trySend(_ frames: [[UInt8]]) throws(ZeroMQError) -> Bool {
        try send(frames, timeoutMs: 0)
    }

    /// The next whole message, or nil if none arrived within `timeoutMs` (0: do not wait).
    public func receive(timeoutMs: Int) throws(ZeroMQError) -> ReceivedMessage? {
        let limitMs = try ZeroMQError.checkedTimeout(timeoutMs, "receive")
        let raw = try open("receive")
        // On the heap because zmq_msg_data can point inside the zmq_msg_t itself (small messages),
        // which must therefore stay at one address while it is read.
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        zmq_msg_init(message)
        defer { zmq_msg_close(message) }

        let deadline = Deadline(afterMs: limitMs)
        while true {
            let waitMs = deadline.remainingMs()
            var flags: Int32 = 0
            if waitMs == 0 {
                flags = ZMQ_DONTWAIT
            } else {
                try setReceiveTimeout(waitMs)
            }
            if zmq_msg_recv(message, raw, flags) >= 0 { break }
            switch zmq_errno() {
            case EAGAIN: return nil
            case EINTR: continue
            default: throw ZeroMQError.last("receive")
            }
        }

        var received = ReceivedMessage(frames: [])
        while true {
            let size = zmq_msg_size(message)
            if size > 0, let data = zmq_msg_data(message) {
                let start = data.assumingMemoryBound(to: UInt8.self)
                received.frames.append(Array(UnsafeBufferPointer(start: start, count: size)))
            } else {
                received.frames.append([])
            }
            // libzmq does not attach connection metadata to the routing-id frame a ROUTER prepends.
            if received.userID == nil, let userID = zmq_msg_gets(message, "User-Id") {
                received.userID = String(cString: userID)
            }
            guard zmq_msg_more(message) != 0 else { return received }
            // The remaining frames of a message arrive together with its first one.
            while zmq_msg_recv(message, raw, ZMQ_DONTWAIT) < 0 {
                guard zmq_errno() == EINTR else {
                    throw ZeroMQError.last("receive frame \(received.frames.count + 1)")
                }
            }
        }
    }

    /// Never waits.
    public func tryReceive() throws(ZeroMQError) -> ReceivedMessage? {
        try receive(timeoutMs: 0)
    }

    private func sendFrame(_ raw: UnsafeMutableRawPointer, _ frame: [UInt8], _ flags: Int32) -> Bool {
        frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, $0.count, flags) } >= 0
    }

    private func setSendTimeout(_ timeoutMs: Int32) throws(ZeroMQError) {
        guard timeoutMs != currentSendTimeoutMs else { return }
        try setOption(ZMQ_SNDTIMEO, int: timeoutMs, "ZMQ_SNDTIMEO")
        currentSendTimeoutMs = timeoutMs
    }

    private func setReceiveTimeout(_ timeoutMs: Int32) throws(ZeroMQError) {
        guard timeoutMs != currentReceiveTimeoutMs else { return }
        try setOption(ZMQ_RCVTIMEO, int: timeoutMs, "ZMQ_RCVTIMEO")
        currentReceiveTimeoutMs = timeoutMs
    }
}
