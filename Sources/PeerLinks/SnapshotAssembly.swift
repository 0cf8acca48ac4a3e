import Wire

/// Joins one peer's snapshot chunks into the frame they were cut from. ZeroMQ keeps each connection's
/// messages in order, so chunks must arrive exactly in sequence: anything else means one was lost
/// (the sender stops a transfer when its queue is full), and the partial snapshot is discarded rather
/// than patched, since Raft sends the snapshot again. Holds at most one transfer, of at most the
/// total its chunks announce, which the decoder has already bounded by `maxAssembledBytes`.
struct SnapshotAssembly {
    enum Step: Equatable {
        /// Taken; more chunks are needed.
        case incomplete
        /// The last chunk: the whole frame, to decode as a message. Nothing is held any more.
        case complete([UInt8])
        /// The chunk did not continue the transfer; it and whatever was held are dropped.
        case gap(String)
    }

    private var transferID: UInt64?
    private var totalBytes = 0
    private var received: [UInt8] = []

    /// Bytes held for an unfinished transfer.
    var bufferedBytes: Int { received.count }

    mutating func accept(_ chunk: SnapshotChunk) -> Step {
        if chunk.transferID != transferID {
            // A new transfer supersedes an unfinished one: the sender gave up on it and started over.
            self = SnapshotAssembly()
            guard chunk.offsetBytes == 0 else {
                return .gap("transfer \(chunk.transferID) starts at offset \(chunk.offsetBytes), not 0")
            }
            transferID = chunk.transferID
            totalBytes = chunk.totalBytes
        }
        if let problem = mismatch(chunk) {
            self = SnapshotAssembly()
            return .gap(problem)
        }
        received += chunk.bytes
        guard received.count == totalBytes else { return .incomplete }
        let whole = received
        self = SnapshotAssembly()
        return .complete(whole)
    }

    private func mismatch(_ chunk: SnapshotChunk) -> String? {
        if chunk.totalBytes != totalBytes {
            return "transfer \(chunk.transferID) changed its total from \(totalBytes) to \(chunk.totalBytes) bytes"
        }
        if chunk.offsetBytes != received.count {
            return "transfer \(chunk.transferID) jumped to offset \(chunk.offsetBytes) after \(received.count) bytes"
        }
        // The decoder checks this too; repeated so that the bound holds for any chunk given here.
        if chunk.bytes.count > totalBytes - received.count {
            return "transfer \(chunk.transferID) overran its total of \(totalBytes) bytes"
        }
        return nil
    }
}
