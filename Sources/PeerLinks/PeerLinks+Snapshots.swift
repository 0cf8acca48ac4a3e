import Consensus
import Wire
import ZeroMQ

/// Snapshots larger than a frame: the core sends and receives one installSnapshot message, and the
/// links cut its frame into chunks and join them again, as etcd's transport streams its snapshots.
extension PeerLinks {
    /// Queues every chunk of `frame` at once, never waiting. At the first chunk that does not fit the
    /// rest is not sent: the peer discards the partial transfer when the next one starts, and the
    /// leader sends the snapshot again when the follower next answers a heartbeat.
    func sendInChunks(_ frame: [UInt8], of message: Message, on link: OutboundLink) throws(ZeroMQError) {
        guard frame.count <= options.wire.maxAssembledBytes else {
            countDrop(.oversized, "\(frame.count)-byte snapshot for node \(message.to)")
            return
        }
        lastTransferID &+= 1
        let ranges = PeerFrame.chunkRanges(
            totalBytes: frame.count, chunkBytes: options.snapshotChunkBytes(forFrameBytes: frame.count))
        for range in ranges {
            let chunk = SnapshotChunk(
                from: message.from, to: message.to, transferID: lastTransferID, offsetBytes: range.lowerBound,
                totalBytes: frame.count, bytes: Array(frame[range]))
            guard try link.trySend(PeerFrame.encode(chunk)) else {
                countDrop(
                    .queueFull,
                    "node \(message.to) is not connected or its queue is full; snapshot stopped at byte "
                        + "\(range.lowerBound) of \(frame.count)")
                return
            }
        }
    }

    /// The message a chunk completes, once its transfer is whole and passes the checks of a single
    /// frame; nil while chunks are still missing or when the transfer was dropped.
    func assemble(_ chunk: SnapshotChunk) -> Message? {
        // Taken out of the dictionary so that appending to it never copies the buffer.
        var assembly = assemblies.removeValue(forKey: chunk.from) ?? SnapshotAssembly()
        switch assembly.accept(chunk) {
        case .incomplete:
            assemblies[chunk.from] = assembly
            return nil
        case .gap(let detail):
            countDrop(.chunkGap, "from peer \(chunk.from): \(detail)")
            return nil
        case .complete(let frame):
            let admission = InboundAdmission.admitAssembled(
                frame, senderID: chunk.from, selfID: selfID, isPeer: { peers[$0] != nil }, limits: options.wire)
            switch admission {
            case .success(let message):
                return message
            case .failure(let rejection):
                countDrop(rejection.reason, rejection.detail)
                return nil
            }
        }
    }
}
