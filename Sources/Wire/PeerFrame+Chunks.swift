import Consensus

extension PeerFrame {
    /// What a chunk frame adds to its bytes: version, type, five 8-byte fields and the bytes' length.
    public static let chunkHeaderBytes = 2 + 5 * 8 + 4

    public static func encode(_ chunk: SnapshotChunk) -> [UInt8] {
        var writer = ByteWriter(capacity: chunkHeaderBytes + chunk.bytes.count)
        writer.write(version)
        writer.write(FrameType.snapshotChunk.rawValue)
        writer.write(chunk: chunk)
        return writer.bytes
    }

    /// `message` (an installSnapshot; receivers accept no other kind in chunks) as chunk frames that
    /// carry at most `chunkBytes` of its frame each, in the order they must be sent.
    public static func encodeChunks(_ message: Message, chunkBytes: Int, transferID: UInt64) -> [[UInt8]] {
        let frame = encode(message)
        return chunkRanges(totalBytes: frame.count, chunkBytes: chunkBytes).map { range in
            encode(SnapshotChunk(
                from: message.from, to: message.to, transferID: transferID, offsetBytes: range.lowerBound,
                totalBytes: frame.count, bytes: Array(frame[range])))
        }
    }

    /// The slices a frame of `totalBytes` is cut into: `chunkBytes` each, the last one shorter.
    public static func chunkRanges(totalBytes: Int, chunkBytes: Int) -> [Range<Int>] {
        precondition(chunkBytes > 0, "a chunk must carry at least one byte")
        return stride(from: 0, to: totalBytes, by: chunkBytes).map { $0..<min($0 + chunkBytes, totalBytes) }
    }

    /// The raftMessage frame joined from a whole transfer's chunks, which may be up to
    /// `limits.maxAssembledBytes` long rather than `limits.maxFrameBytes`.
    public static func decodeAssembled(_ bytes: [UInt8], limits: Limits = Limits()) throws(WireError) -> Message {
        var assembledLimits = limits
        assembledLimits.maxFrameBytes = limits.maxAssembledBytes
        return try decode(bytes, limits: assembledLimits)
    }
}
