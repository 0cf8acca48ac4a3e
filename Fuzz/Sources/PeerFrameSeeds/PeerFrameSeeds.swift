import Consensus
import Foundation
import Wire

/// Writes one peer frame of each kind, encoded by Wire itself, into the directory given (run.sh
/// seeds); the committed corpus in Corpus/peer-frame came from here.
@main
struct PeerFrameSeeds {
    static func main() throws {
        guard CommandLine.arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: PeerFrameSeeds DIRECTORY\n".utf8))
            exit(2)
        }
        let directory = URL(fileURLWithPath: CommandLine.arguments[1])
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, bytes) in frames() {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }

    static func frames() -> [(String, [UInt8])] {
        let three = Membership(voters: [1, 2, 3])
        let growing = Membership(voters: [1, 2, 3], learners: [4])
        func message(_ body: MessageBody) -> Message { Message(from: 1, to: 2, term: 7, body: body) }
        let command = Array(#"{"ticketCreate":{"title":"card retained at branch 12"}}"#.utf8)
        let append = Append(
            previousIndex: 41, previousTerm: 6,
            entries: [
                Entry(term: 7, index: 42, payload: .noop),
                Entry(term: 7, index: 43, payload: .command(command)),
                Entry(term: 7, index: 44, payload: .membership(growing)),
            ],
            commit: 41)
        let snapshot = Snapshot(index: 40, term: 6, membership: three, data: Array(repeating: 0xA5, count: 300))
        let snapshotMessage = message(.installSnapshot(snapshot))
        var frames: [(String, [UInt8])] = [
            ("pre-vote", PeerFrame.encode(message(.preVote(lastIndex: 44, lastTerm: 7)))),
            ("pre-vote-response", PeerFrame.encode(message(.preVoteResponse(granted: true)))),
            ("vote", PeerFrame.encode(message(.vote(lastIndex: 44, lastTerm: 7, leadershipTransfer: true)))),
            ("vote-response", PeerFrame.encode(message(.voteResponse(granted: false)))),
            ("append", PeerFrame.encode(message(.append(append)))),
            ("append-empty", PeerFrame.encode(message(.append(Append(previousIndex: 44, previousTerm: 7, entries: [], commit: 44))))),
            ("append-accepted", PeerFrame.encode(message(.appendResponse(.accepted(matchIndex: 44))))),
            ("append-rejected", PeerFrame.encode(message(.appendResponse(.rejected(rejectedIndex: 43, hintIndex: 40, hintTerm: 5))))),
            ("heartbeat", PeerFrame.encode(message(.heartbeat(commit: 44, readRound: 3)))),
            ("heartbeat-response", PeerFrame.encode(message(.heartbeatResponse(readRound: 3)))),
            ("install-snapshot", PeerFrame.encode(snapshotMessage)),
            ("timeout-now", PeerFrame.encode(message(.timeoutNow))),
            ("forwarded-proposal", PeerFrame.encode(message(.forwardedProposal([command, [], Array("x".utf8)])))),
            ("read-index-request", PeerFrame.encode(message(.readIndexRequest(context: 9)))),
            ("read-index-response", PeerFrame.encode(message(.readIndexResponse(context: 9, index: 44)))),
            ("read-index-response-none", PeerFrame.encode(message(.readIndexResponse(context: 9, index: nil)))),
        ]
        for (position, chunk) in PeerFrame.encodeChunks(snapshotMessage, chunkBytes: 128, transferID: 5).enumerated() {
            frames.append(("snapshot-chunk-\(position)", chunk))
        }
        return frames
    }
}
