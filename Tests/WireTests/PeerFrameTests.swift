import Consensus
import Testing
import Wire

@Suite("Peer frames")
struct PeerFrameTests {
    static let membership = Membership(voters: [1, 2, 3], learners: [9])

    static let messages: [Message] = [
        .preVote(lastIndex: 7, lastTerm: 3),
        .preVoteResponse(granted: true),
        .vote(lastIndex: 7, lastTerm: 3, leadershipTransfer: true),
        .voteResponse(granted: false),
        .append(Append(
            previousIndex: 4, previousTerm: 2,
            entries: [
                Entry(term: 3, index: 5, payload: .noop),
                Entry(term: 3, index: 6, payload: .command([1, 2, 3])),
                Entry(term: 3, index: 7, payload: .membership(membership)),
                Entry(term: 3, index: 8, payload: .command([])),
            ],
            commit: 4)),
        .append(Append(previousIndex: 0, previousTerm: 0, entries: [], commit: 0)),
        .appendResponse(.accepted(matchIndex: .max)),
        .appendResponse(.rejected(rejectedIndex: 9, hintIndex: 6, hintTerm: 2)),
        .heartbeat(commit: 12, readRound: 4),
        .heartbeatResponse(readRound: 4),
        .installSnapshot(Snapshot(index: 40, term: 5, membership: membership, data: Array(0...255))),
        .timeoutNow,
        .forwardedProposal([[7], [], [8, 9]]),
        .readIndexRequest(context: 77),
        .readIndexResponse(context: 77, index: 40),
        .readIndexResponse(context: 78, index: nil),
    ].map { Message(from: 1, to: 2, term: 3, body: $0) }

    @Test("every message survives a round trip", arguments: messages)
    func roundTrip(message: Message) throws {
        #expect(try PeerFrame.decode(PeerFrame.encode(message)) == message)
    }

    @Test("a frame cut short anywhere is refused as malformed, never a crash", arguments: messages)
    func truncated(message: Message) {
        let frame = PeerFrame.encode(message)
        for length in 0..<frame.count {
            #expect(throws: WireError.self) { try PeerFrame.decode(Array(frame[..<length])) }
        }
    }

    @Test("bytes after the message are refused")
    func trailingBytes() {
        let frame = PeerFrame.encode(Self.messages[0]) + [0]
        #expect(throws: WireError.malformed("bytes left after the message")) { try PeerFrame.decode(frame) }
    }

    @Test("an unknown version, an unknown type and an oversized frame are told apart")
    func refusals() {
        var frame = PeerFrame.encode(Self.messages[0])
        frame[0] = 9
        #expect(throws: WireError.unsupportedVersion(9)) { try PeerFrame.decode(frame) }
        frame[0] = PeerFrame.version
        frame[1] = 200
        #expect(throws: WireError.unknownType(200)) { try PeerFrame.decode(frame) }
        var limits = PeerFrame.Limits()
        limits.maxFrameBytes = 10
        #expect(throws: WireError.oversized(byteCount: frame.count, limit: 10)) {
            try PeerFrame.decode(frame, limits: limits)
        }
        #expect(WireError.oversized(byteCount: 1, limit: 0).reason == "oversized")
    }

    @Test("a count that promises more than the frame holds is refused before anything is allocated")
    func lyingCount() throws {
        let empty = Message(from: 1, to: 2, term: 3, body: .forwardedProposal([]))
        var frame = PeerFrame.encode(empty)
        let countOffset = frame.count - 4
        frame.replaceSubrange(countOffset..., with: [0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: WireError.self) { try PeerFrame.decode(frame) }
        var limits = PeerFrame.Limits()
        limits.maxCommandsPerFrame = 2
        let three = PeerFrame.encode(Message(from: 1, to: 2, term: 3, body: .forwardedProposal([[1], [2], [3]])))
        #expect(throws: WireError.malformed("3 commands is over the limit of 2")) {
            try PeerFrame.decode(three, limits: limits)
        }
    }

    @Test("random bytes and random mutations of real frames never crash the decoder")
    func fuzz() {
        var random = SeededRandom(seed: 2026)
        let frames = Self.messages.map(PeerFrame.encode)
        var decoded = 0
        for round in 0..<20_000 {
            var frame: [UInt8]
            if round % 2 == 0 {
                frame = (0..<Int.random(in: 0..<64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                frame = frames.randomElement(using: &random)!
                for _ in 0..<Int.random(in: 1...4, using: &random) where !frame.isEmpty {
                    frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            if (try? PeerFrame.decode(frame)) != nil { decoded += 1 }
        }
        // Some mutations hit fields where any value is valid; most frames are refused.
        #expect(decoded > 0)
        #expect(decoded < 20_000)
    }
}
