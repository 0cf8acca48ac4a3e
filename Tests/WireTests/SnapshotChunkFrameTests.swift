import Consensus
import Testing
import Wire

@Suite("Snapshot chunk frames")
struct SnapshotChunkFrameTests {
    static let snapshot = Message(
        from: 1, to: 2, term: 3,
        body: .installSnapshot(Snapshot(
            index: 40, term: 3, membership: Membership(voters: [1, 2, 3], learners: []),
            data: (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })))

    static func chunk(offsetBytes: Int = 0, totalBytes: Int = 10, bytes: [UInt8] = [1, 2, 3]) -> SnapshotChunk {
        SnapshotChunk(from: 1, to: 2, transferID: 9, offsetBytes: offsetBytes, totalBytes: totalBytes, bytes: bytes)
    }

    @Test("the chunks of a message decode in order to exactly its frame, and that to the message", arguments: [1, 7, 1000, 4096, 1 << 20])
    func roundTrip(chunkBytes: Int) throws {
        let whole = PeerFrame.encode(Self.snapshot)
        let frames = PeerFrame.encodeChunks(Self.snapshot, chunkBytes: chunkBytes, transferID: 77)
        #expect(frames.count == (whole.count + chunkBytes - 1) / chunkBytes)
        var joined: [UInt8] = []
        for frame in frames {
            guard case .chunk(let chunk) = try PeerFrame.decodeAny(frame) else {
                Issue.record("a chunk frame decoded as a message")
                return
            }
            #expect(chunk.from == 1 && chunk.to == 2 && chunk.transferID == 77)
            #expect(chunk.offsetBytes == joined.count)
            #expect(chunk.totalBytes == whole.count)
            #expect(chunk.bytes.count <= chunkBytes)
            #expect(frame.count == PeerFrame.chunkHeaderBytes + chunk.bytes.count)
            joined += chunk.bytes
        }
        #expect(joined == whole)
        #expect(try PeerFrame.decodeAssembled(joined) == Self.snapshot)
    }

    @Test("decodeAny tells messages from chunks, and decode refuses a chunk")
    func decodeAnyAndDecode() throws {
        let message = Message(from: 1, to: 2, term: 3, body: .timeoutNow)
        #expect(try PeerFrame.decodeAny(PeerFrame.encode(message)) == .message(message))
        let chunkFrame = PeerFrame.encode(Self.chunk())
        #expect(try PeerFrame.decodeAny(chunkFrame) == .chunk(Self.chunk()))
        #expect(throws: WireError.self) { try PeerFrame.decode(chunkFrame) }
    }

    @Test("a chunk frame cut short anywhere is refused, never a crash")
    func truncated() {
        let frame = PeerFrame.encode(Self.chunk())
        for length in 0..<frame.count {
            #expect(throws: WireError.self) { try PeerFrame.decodeAny(Array(frame[..<length])) }
        }
        #expect(throws: WireError.malformed("bytes left after the message")) { try PeerFrame.decodeAny(frame + [0]) }
    }

    @Test("every field is bounds-checked")
    func bounds() {
        var limits = PeerFrame.Limits()
        limits.maxAssembledBytes = 100
        let overTotal = PeerFrame.encode(Self.chunk(totalBytes: 101))
        #expect(throws: WireError.oversized(byteCount: 101, limit: 100)) { try PeerFrame.decodeAny(overTotal, limits: limits) }
        let hugeTotal = PeerFrame.encode(Self.chunk(totalBytes: .max))
        #expect(throws: WireError.oversized(byteCount: .max, limit: 100)) { try PeerFrame.decodeAny(hugeTotal, limits: limits) }

        let overrun = PeerFrame.encode(Self.chunk(offsetBytes: 8, totalBytes: 10))
        #expect(throws: WireError.malformed("chunk of 3 bytes at offset 8 overruns the total of 10")) {
            try PeerFrame.decodeAny(overrun)
        }
        let pastTheEnd = PeerFrame.encode(Self.chunk(offsetBytes: 11, totalBytes: 10))
        #expect(throws: WireError.self) { try PeerFrame.decodeAny(pastTheEnd) }
        let empty = PeerFrame.encode(Self.chunk(bytes: []))
        #expect(throws: WireError.malformed("empty snapshot chunk")) { try PeerFrame.decodeAny(empty) }
        // Offsets near UInt64.max must not overflow the check into acceptance.
        var wrapping = PeerFrame.encode(Self.chunk())
        let offsetAt = 2 + 3 * 8
        wrapping.replaceSubrange(offsetAt..<offsetAt + 8, with: [UInt8](repeating: 0xFF, count: 8))
        #expect(throws: WireError.self) { try PeerFrame.decodeAny(wrapping) }

        limits.maxFrameBytes = PeerFrame.chunkHeaderBytes + 2
        #expect(throws: WireError.oversized(byteCount: PeerFrame.chunkHeaderBytes + 3, limit: limits.maxFrameBytes)) {
            try PeerFrame.decodeAny(PeerFrame.encode(Self.chunk()), limits: limits)
        }
    }

    @Test("an assembled frame may exceed maxFrameBytes up to maxAssembledBytes, no further")
    func assembledLimit() throws {
        let whole = PeerFrame.encode(Self.snapshot)
        var limits = PeerFrame.Limits()
        limits.maxFrameBytes = 1024
        limits.maxAssembledBytes = whole.count
        #expect(try PeerFrame.decodeAssembled(whole, limits: limits) == Self.snapshot)
        limits.maxAssembledBytes = whole.count - 1
        #expect(throws: WireError.oversized(byteCount: whole.count, limit: whole.count - 1)) {
            try PeerFrame.decodeAssembled(whole, limits: limits)
        }
        #expect(throws: WireError.self) { try PeerFrame.decodeAssembled(PeerFrame.encode(Self.chunk())) }
    }

    @Test("random mutations of chunk frames never crash the decoder")
    func fuzz() {
        var random = SeededRandom(seed: 2027)
        let frames = PeerFrame.encodeChunks(Self.snapshot, chunkBytes: 700, transferID: 5) + [PeerFrame.encode(Self.chunk())]
        var limits = PeerFrame.Limits()
        limits.maxAssembledBytes = 1 << 16
        var decoded = 0
        let rounds = 20_000
        for _ in 0..<rounds {
            var frame = frames.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) { frame.removeLast(Int.random(in: 0..<frame.count, using: &random)) }
            if let result = try? PeerFrame.decodeAny(frame, limits: limits) {
                decoded += 1
                // Whatever is accepted keeps the promises the receiver relies on.
                if case .chunk(let chunk) = result {
                    #expect(!chunk.bytes.isEmpty)
                    #expect(chunk.totalBytes <= limits.maxAssembledBytes)
                    #expect(chunk.offsetBytes + chunk.bytes.count <= chunk.totalBytes)
                }
            }
        }
        #expect(decoded > 0)
        #expect(decoded < rounds)
    }
}
