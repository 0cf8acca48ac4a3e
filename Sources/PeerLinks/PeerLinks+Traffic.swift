import CZeroMQ
import Consensus
import Wire
import ZeroMQ

extension PeerLinks {
    /// Queues each message on its addressee's link without waiting. A message that cannot be queued
    /// (queue full, peer not connected, unknown peer, too large for peers to accept) is dropped and
    /// counted: Raft retransmits, and a node blocked on one slow peer would fail them all. A large
    /// installSnapshot goes as a series of chunk frames, so snapshots are not bound by the frame limit.
    /// Throws only when the sockets themselves fail (the context was closed).
    public func send(_ messages: [Message]) throws(ZeroMQError) {
        for message in messages {
            guard let link = links[message.to] else {
                countDrop(.unknownPeer, "no link to node \(message.to)")
                continue
            }
            let frame = PeerFrame.encode(message)
            if case .installSnapshot = message.body, frame.count > options.effectiveSnapshotChunkBytes {
                try sendInChunks(frame, of: message, on: link)
                continue
            }
            // The peer would only drop it, and a frame over its cutoff would cost the whole connection.
            guard frame.count <= options.wire.maxFrameBytes else {
                countDrop(.oversized, "\(frame.count)-byte frame for node \(message.to)")
                continue
            }
            if try !link.trySend(frame) {
                countDrop(.queueFull, "node \(message.to) is not connected or its queue is full")
            }
        }
    }

    /// Waits at most `timeoutMs` (0: just look; negative counts as 0, never as "forever") for link
    /// changes and admitted messages, and returns them, at most `options.maxEventsPerPoll`; empty when
    /// the time ran out, or at once when a watched socket (see `watch`) is readable. Frames that fail
    /// the checks are counted and dropped here. Call it regularly: link events queue up until read.
    public func poll(timeoutMs: Int) throws(ZeroMQError) -> [PeerEvent] {
        guard router != nil else { throw ZeroMQError(operation: "poll peer links (not started)", errno: ENOTSOCK) }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(max(0, timeoutMs)))
        var events: [PeerEvent] = []
        while true {
            let ready = try poller.poll(timeoutMs: Self.remainingMs(until: deadline))
            try drain(ready, into: &events)
            let watchedReady = ready.suffix(watchedSockets.count + watchedDescriptors.count).contains { $0.contains(.readable) }
            // Link events that changed nothing and dropped frames are not worth returning early for.
            if !events.isEmpty || watchedReady || ContinuousClock.now >= deadline { return events }
        }
    }

    /// Rounded up, so a poll never returns before its deadline only to spin once more.
    private static func remainingMs(until deadline: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    private func drain(_ ready: [PollEvents], into events: inout [PeerEvent]) throws(ZeroMQError) {
        // Monitors first: they are few, and libzmq stalls if their queues fill up.
        for (index, id) in polledPeers.enumerated() where ready[index + 1].contains(.readable) {
            try links[id]?.drainMonitor(into: &events)
        }
        guard let router, ready[0].contains(.readable) else { return }
        // Frames read are bounded as well as events: chunks and dropped frames make no event, and a
        // stream of them must not keep `poll` from its deadline.
        var framesRead = 0
        while framesRead < options.maxEventsPerPoll, events.count < options.maxEventsPerPoll,
            let received = try router.tryReceive()
        {
            framesRead += 1
            let admission = InboundAdmission.admit(
                received, selfID: selfID, isPeer: { peers[$0] != nil }, limits: options.wire)
            switch admission {
            case .success(.message(let message)): events.append(.message(message))
            case .success(.chunk(let chunk)): if let message = assemble(chunk) { events.append(.message(message)) }
            case .failure(let rejection): countDrop(rejection.reason, rejection.detail)
            }
        }
    }
}
