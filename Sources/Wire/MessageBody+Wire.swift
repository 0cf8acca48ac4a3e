import Consensus

/// Tags of the message bodies on the wire. Numbers are forever: add new ones, never reuse.
enum BodyTag: UInt8 {
    case preVote = 1, preVoteResponse, vote, voteResponse, append, appendAccepted, appendRejected
    case heartbeat, heartbeatResponse, installSnapshot, timeoutNow, forwardedProposal
    case readIndexRequest, readIndexResponse
}

extension ByteWriter {
    mutating func write(body: MessageBody) {
        switch body {
        case .preVote(let lastIndex, let lastTerm):
            write(BodyTag.preVote.rawValue)
            write(lastIndex)
            write(lastTerm)
        case .preVoteResponse(let granted):
            write(BodyTag.preVoteResponse.rawValue)
            write(granted)
        case .vote(let lastIndex, let lastTerm, let leadershipTransfer):
            write(BodyTag.vote.rawValue)
            write(lastIndex)
            write(lastTerm)
            write(leadershipTransfer)
        case .voteResponse(let granted):
            write(BodyTag.voteResponse.rawValue)
            write(granted)
        case .append(let append):
            write(BodyTag.append.rawValue)
            write(append.previousIndex)
            write(append.previousTerm)
            write(append.commit)
            write(UInt32(append.entries.count))
            for entry in append.entries { write(entry: entry) }
        case .appendResponse(.accepted(let matchIndex)):
            write(BodyTag.appendAccepted.rawValue)
            write(matchIndex)
        case .appendResponse(.rejected(let rejectedIndex, let hintIndex, let hintTerm)):
            write(BodyTag.appendRejected.rawValue)
            write(rejectedIndex)
            write(hintIndex)
            write(hintTerm)
        case .heartbeat(let commit, let readRound):
            write(BodyTag.heartbeat.rawValue)
            write(commit)
            write(readRound)
        case .heartbeatResponse(let readRound):
            write(BodyTag.heartbeatResponse.rawValue)
            write(readRound)
        case .installSnapshot(let snapshot):
            write(BodyTag.installSnapshot.rawValue)
            write(snapshot.index)
            write(snapshot.term)
            write(membership: snapshot.membership)
            write(blob: snapshot.data)
        case .timeoutNow:
            write(BodyTag.timeoutNow.rawValue)
        case .forwardedProposal(let commands):
            write(BodyTag.forwardedProposal.rawValue)
            write(UInt32(commands.count))
            for command in commands { write(blob: command) }
        case .readIndexRequest(let context):
            write(BodyTag.readIndexRequest.rawValue)
            write(context)
        case .readIndexResponse(let context, let index):
            write(BodyTag.readIndexResponse.rawValue)
            write(context)
            write(index != nil)
            write(index ?? 0)
        }
    }

    mutating func write(entry: Entry) {
        write(entry.term)
        write(entry.index)
        switch entry.payload {
        case .noop:
            write(UInt8(0))
        case .command(let bytes):
            write(UInt8(1))
            write(blob: bytes)
        case .membership(let membership):
            write(UInt8(2))
            write(membership: membership)
        }
    }

    mutating func write(membership: Membership) {
        write(UInt32(membership.voters.count))
        for voter in membership.voters { write(voter) }
        write(UInt32(membership.learners.count))
        for learner in membership.learners { write(learner) }
    }
}

extension ByteReader {
    mutating func body(limits: PeerFrame.Limits) throws(WireError) -> MessageBody {
        let rawTag = try uint8("body tag")
        guard let tag = BodyTag(rawValue: rawTag) else { throw .malformed("unknown message body \(rawTag)") }
        switch tag {
        case .preVote:
            return .preVote(lastIndex: try uint64("last index"), lastTerm: try uint64("last term"))
        case .preVoteResponse:
            return .preVoteResponse(granted: try bool("granted"))
        case .vote:
            return .vote(
                lastIndex: try uint64("last index"), lastTerm: try uint64("last term"),
                leadershipTransfer: try bool("leadership transfer"))
        case .voteResponse:
            return .voteResponse(granted: try bool("granted"))
        case .append:
            let previousIndex = try uint64("previous index")
            let previousTerm = try uint64("previous term")
            let commit = try uint64("commit")
            let count = try self.count("entries", minimumBytesEach: 17, limit: limits.maxEntriesPerFrame)
            var entries: [Entry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count { entries.append(try entry(limits: limits)) }
            return .append(Append(previousIndex: previousIndex, previousTerm: previousTerm, entries: entries, commit: commit))
        case .appendAccepted:
            return .appendResponse(.accepted(matchIndex: try uint64("match index")))
        case .appendRejected:
            return .appendResponse(.rejected(
                rejectedIndex: try uint64("rejected index"), hintIndex: try uint64("hint index"),
                hintTerm: try uint64("hint term")))
        case .heartbeat:
            return .heartbeat(commit: try uint64("commit"), readRound: try uint64("read round"))
        case .heartbeatResponse:
            return .heartbeatResponse(readRound: try uint64("read round"))
        case .installSnapshot:
            let index = try uint64("snapshot index")
            let term = try uint64("snapshot term")
            let membership = try membership(limits: limits)
            return .installSnapshot(Snapshot(index: index, term: term, membership: membership, data: try blob("snapshot data")))
        case .timeoutNow:
            return .timeoutNow
        case .forwardedProposal:
            let count = try self.count("commands", minimumBytesEach: 4, limit: limits.maxCommandsPerFrame)
            var commands: [[UInt8]] = []
            commands.reserveCapacity(count)
            for _ in 0..<count { commands.append(try blob("command")) }
            return .forwardedProposal(commands)
        case .readIndexRequest:
            return .readIndexRequest(context: try uint64("context"))
        case .readIndexResponse:
            let context = try uint64("context")
            let known = try bool("index present")
            let index = try uint64("index")
            return .readIndexResponse(context: context, index: known ? index : nil)
        }
    }

    mutating func entry(limits: PeerFrame.Limits) throws(WireError) -> Entry {
        let term = try uint64("entry term")
        let index = try uint64("entry index")
        switch try uint8("entry kind") {
        case 0: return Entry(term: term, index: index, payload: .noop)
        case 1: return Entry(term: term, index: index, payload: .command(try blob("command")))
        case 2: return Entry(term: term, index: index, payload: .membership(try membership(limits: limits)))
        case let other: throw .malformed("unknown entry kind \(other)")
        }
    }

    mutating func membership(limits: PeerFrame.Limits) throws(WireError) -> Membership {
        let voterCount = try count("voters", minimumBytesEach: 8, limit: limits.maxMembers)
        var voters: [NodeID] = []
        for _ in 0..<voterCount { voters.append(try uint64("voter")) }
        let learnerCount = try count("learners", minimumBytesEach: 8, limit: limits.maxMembers)
        var learners: [NodeID] = []
        for _ in 0..<learnerCount { learners.append(try uint64("learner")) }
        return Membership(voters: voters, learners: learners)
    }
}
