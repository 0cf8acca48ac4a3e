import Consensus

/// The binary frame that carries one Raft message between nodes: a version byte, a type byte,
/// then the body. A node drops (and counts) any frame it cannot decode; it never traps on one.
public enum PeerFrame {
    public static let version: UInt8 = 1

    public enum FrameType: UInt8, Sendable {
        case raftMessage = 1
        /// A slice of a raftMessage frame too large for one frame; see `SnapshotChunk`.
        case snapshotChunk = 2
    }

    /// A frame as received: a whole message, or one chunk of a message sent in slices.
    public enum Decoded: Sendable, Equatable {
        case message(Message)
        case chunk(SnapshotChunk)
    }

    /// What a receiver accepts; anything larger is refused before it is parsed.
    public struct Limits: Sendable, Equatable {
        public var maxFrameBytes: Int = 16 << 20
        public var maxEntriesPerFrame: Int = 65_536
        public var maxMembers: Int = 1_024
        public var maxCommandsPerFrame: Int = 65_536
        /// The largest message joined from chunks, and so the most a receiver buffers per sender.
        public var maxAssembledBytes: Int = 1 << 30

        public init() {}
    }

    public static func encode(_ message: Message) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + estimatedBodyBytes(message.body))
        writer.write(version)
        writer.write(FrameType.raftMessage.rawValue)
        writer.write(message.from)
        writer.write(message.to)
        writer.write(message.term)
        writer.write(body: message.body)
        return writer.bytes
    }

    /// A whole message; a chunk frame is refused here (see `decodeAny`).
    public static func decode(_ bytes: [UInt8], limits: Limits = Limits()) throws(WireError) -> Message {
        switch try decodeAny(bytes, limits: limits) {
        case .message(let message): return message
        case .chunk: throw .malformed("a snapshot chunk where a whole message was expected")
        }
    }

    public static func decodeAny(_ bytes: [UInt8], limits: Limits = Limits()) throws(WireError) -> Decoded {
        guard bytes.count <= limits.maxFrameBytes else {
            throw .oversized(byteCount: bytes.count, limit: limits.maxFrameBytes)
        }
        var reader = ByteReader(bytes)
        let frameVersion = try reader.uint8("version")
        guard frameVersion == version else { throw .unsupportedVersion(frameVersion) }
        let rawType = try reader.uint8("type")
        guard let type = FrameType(rawValue: rawType) else { throw .unknownType(rawType) }
        let decoded: Decoded
        switch type {
        case .raftMessage:
            let from = try reader.uint64("from")
            let to = try reader.uint64("to")
            let term = try reader.uint64("term")
            decoded = .message(Message(from: from, to: to, term: term, body: try reader.body(limits: limits)))
        case .snapshotChunk:
            decoded = .chunk(try reader.chunk(limits: limits))
        }
        guard reader.isAtEnd else { throw .malformed("bytes left after the message") }
        return decoded
    }

    private static func estimatedBodyBytes(_ body: MessageBody) -> Int {
        switch body {
        case .append(let append): append.entries.reduce(0) { $0 + 32 + $1.payload.estimatedBytes }
        case .installSnapshot(let snapshot): snapshot.data.count + 16 * snapshot.membership.members.count
        case .forwardedProposal(let commands): commands.reduce(0) { $0 + 4 + $1.count }
        default: 32
        }
    }
}

extension EntryPayload {
    var estimatedBytes: Int {
        switch self {
        case .noop: 1
        case .command(let bytes): 5 + bytes.count
        case .membership(let membership): 9 + 8 * membership.members.count
        }
    }
}
