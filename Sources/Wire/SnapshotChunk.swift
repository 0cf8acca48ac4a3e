import Consensus

/// One slice of a raftMessage frame too large to travel whole (an installSnapshot). The receiver joins
/// one transfer's slices in order and decodes the result as the message it was cut from, so the Raft
/// core sends and receives a snapshot as one message whatever its size.
public struct SnapshotChunk: Sendable, Equatable {
    public var from: NodeID
    public var to: NodeID
    /// Tells one transfer's chunks from another's, so that a resent snapshot replaces a partial one.
    public var transferID: UInt64
    /// Where `bytes` start in the whole frame.
    public var offsetBytes: Int
    /// The length of the whole frame.
    public var totalBytes: Int
    public var bytes: [UInt8]

    public init(from: NodeID, to: NodeID, transferID: UInt64, offsetBytes: Int, totalBytes: Int, bytes: [UInt8]) {
        self.from = from
        self.to = to
        self.transferID = transferID
        self.offsetBytes = offsetBytes
        self.totalBytes = totalBytes
        self.bytes = bytes
    }
}

extension ByteWriter {
    mutating func write(chunk: SnapshotChunk) {
        write(chunk.from)
        write(chunk.to)
        write(chunk.transferID)
        write(UInt64(chunk.offsetBytes))
        write(UInt64(chunk.totalBytes))
        write(blob: chunk.bytes)
    }
}

extension ByteReader {
    /// Refuses a chunk that could make the receiver hold more than `maxAssembledBytes`, or that does
    /// not lie inside the total it announces.
    mutating func chunk(limits: PeerFrame.Limits) throws(WireError) -> SnapshotChunk {
        let from = try uint64("from")
        let to = try uint64("to")
        let transferID = try uint64("transfer id")
        let offset = try uint64("chunk offset")
        let total = try uint64("total bytes")
        guard total <= UInt64(max(0, limits.maxAssembledBytes)) else {
            throw .oversized(byteCount: Int(clamping: total), limit: limits.maxAssembledBytes)
        }
        let bytes = try blob("chunk bytes")
        // An empty chunk would let a transfer stall forever without ever growing.
        guard !bytes.isEmpty else { throw .malformed("empty snapshot chunk") }
        guard offset <= total, UInt64(bytes.count) <= total - offset else {
            throw .malformed("chunk of \(bytes.count) bytes at offset \(offset) overruns the total of \(total)")
        }
        return SnapshotChunk(
            from: from, to: to, transferID: transferID, offsetBytes: Int(offset), totalBytes: Int(total),
            bytes: bytes)
    }
}
