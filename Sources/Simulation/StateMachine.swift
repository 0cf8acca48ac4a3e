import Consensus

/// The simulated application: a running digest of every applied entry. Two nodes that applied
/// the same entries in the same order have the same digest, whatever the path (entries or snapshot).
public struct StateMachine: Sendable, Equatable {
    public private(set) var appliedIndex: LogIndex = 0
    public private(set) var digest: UInt64 = 0xCBF2_9CE4_8422_2325
    public private(set) var commands: [UInt64] = []

    public init() {}

    mutating func apply(_ entry: Entry) {
        appliedIndex = entry.index
        digest = mix(mix(digest, entry.index), mix(entry.term, payloadDigest(entry.payload)))
        if case .command(let bytes) = entry.payload, let id = commandID(bytes) {
            commands.append(id)
        }
    }

    /// The snapshot is the whole state; the command list keeps only a bounded tail.
    var encoded: [UInt8] {
        var bytes = encode(appliedIndex) + encode(digest)
        for id in commands.suffix(Self.snapshotCommandTail) { bytes += encode(id) }
        return bytes
    }

    init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 16, bytes.count % 8 == 0 else { return nil }
        appliedIndex = decode(bytes[0..<8])
        digest = decode(bytes[8..<16])
        commands = stride(from: 16, to: bytes.count, by: 8).map { decode(bytes[$0..<$0 + 8]) }
    }

    static let snapshotCommandTail = 64
}

func payloadDigest(_ payload: EntryPayload) -> UInt64 {
    switch payload {
    case .noop:
        return 1
    case .command(let bytes):
        return bytes.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    case .membership(let membership):
        return (membership.voters + [0] + membership.learners).reduce(3 as UInt64) { mix($0, $1) }
    }
}

func mix(_ left: UInt64, _ right: UInt64) -> UInt64 {
    var value = left ^ (right &+ 0x9E37_79B9_7F4A_7C15 &+ (left << 6) &+ (left >> 2))
    value = (value ^ (value >> 31)) &* 0xBF58_476D_1CE4_E5B9
    return value ^ (value >> 29)
}

func encode(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

func decode(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
}

func commandID(_ bytes: [UInt8]) -> UInt64? {
    bytes.count == 8 ? decode(bytes[...]) : nil
}
