import Consensus
import Testing

/// §5.3: the follower's consistency check. An append whose previous entry does not match is
/// rejected; conflicting entries are replaced; entries already held are kept; nothing committed
/// is ever removed; the commit index follows the leader's, up to the last entry the append vouches for.
@Suite("Paper §5.3: follower log")
struct PaperFollowerLogTests {
    static let voters: [NodeID] = [1, 2, 3]

    /// Follower 1 whose log has entries of `terms`, with `commit` committed, in the last entry's term.
    static func follower(terms: [Term], commit: LogIndex = 1) throws -> PaperPeer {
        var follower = try PaperPeer(
            Paper.configuration(1), durable: Paper.state(voters: voters, terms: terms, commit: commit))
        _ = follower.drain()
        return follower
    }

    static func append(term: Term, after previous: (index: LogIndex, term: Term), terms: [Term], commit: LogIndex = 1)
        -> Message
    {
        let entries = Paper.entries(from: previous.index + 1, terms: terms)
        return Paper.message(
            2, 1, term: term,
            .append(Append(previousIndex: previous.index, previousTerm: previous.term, entries: entries, commit: commit)))
    }

    static func answer(term: Term, _ response: AppendResponse) -> Message {
        Paper.message(1, 2, term: term, .appendResponse(response))
    }

    struct CheckCase: Sendable, CustomTestStringConvertible {
        var previousIndex: LogIndex
        var previousTerm: Term
        var response: AppendResponse
        var testDescription: String { "previous (\(previousIndex), term \(previousTerm)) -> \(response)" }
    }

    /// Against a follower holding (1, term 1), (2, term 2), with entry 1 committed.
    static let checkCases = [
        CheckCase(previousIndex: 0, previousTerm: 0, response: .accepted(matchIndex: 1)),
        CheckCase(previousIndex: 1, previousTerm: 1, response: .accepted(matchIndex: 1)),
        CheckCase(previousIndex: 2, previousTerm: 2, response: .accepted(matchIndex: 2)),
        CheckCase(previousIndex: 2, previousTerm: 1, response: .rejected(rejectedIndex: 2, hintIndex: 1, hintTerm: 1)),
        CheckCase(previousIndex: 3, previousTerm: 2, response: .rejected(rejectedIndex: 3, hintIndex: 2, hintTerm: 2)),
        CheckCase(previousIndex: 3, previousTerm: 3, response: .rejected(rejectedIndex: 3, hintIndex: 2, hintTerm: 2)),
    ]

    @Test("an append is accepted only if the follower holds its previous entry", arguments: checkCases)
    func followerChecksConsistency(_ example: CheckCase) throws {
        var follower = try Self.follower(terms: [1, 2])
        let before = follower.entries
        follower.step(Self.append(term: 2, after: (example.previousIndex, example.previousTerm), terms: []))
        #expect(follower.drain() == [Self.answer(term: 2, example.response)])
        #expect(follower.entries == before)
        #expect(follower.node.leader == 2)
    }

    struct AppendCase: Sendable, CustomTestStringConvertible {
        var previous: (index: LogIndex, term: Term)
        var terms: [Term]
        var expectedTerms: [Term]
        var matchIndex: LogIndex
        var testDescription: String {
            "after (\(previous.index), term \(previous.term)) append terms \(terms) -> log \(expectedTerms)"
        }
    }

    /// Against a follower holding (1, term 1), (2, term 2), with entry 1 committed.
    static let appendCases = [
        AppendCase(previous: (2, 2), terms: [3], expectedTerms: [1, 2, 3], matchIndex: 3),
        AppendCase(previous: (2, 2), terms: [3, 4], expectedTerms: [1, 2, 3, 4], matchIndex: 4),
        // A conflict at index 2: the follower's entry 2 and anything after it give way.
        AppendCase(previous: (1, 1), terms: [3, 4], expectedTerms: [1, 3, 4], matchIndex: 3),
        AppendCase(previous: (1, 1), terms: [4], expectedTerms: [1, 4], matchIndex: 2),
        // Entries already held are kept, even when the append carries fewer of them.
        AppendCase(previous: (1, 1), terms: [2], expectedTerms: [1, 2], matchIndex: 2),
        AppendCase(previous: (1, 1), terms: [], expectedTerms: [1, 2], matchIndex: 1),
        // Below the commit index: already settled.
        AppendCase(previous: (0, 0), terms: [1], expectedTerms: [1, 2], matchIndex: 1),
    ]

    @Test("a matching append deletes conflicting entries and appends the new ones", arguments: appendCases)
    func followerAppendsEntries(_ example: AppendCase) throws {
        var follower = try Self.follower(terms: [1, 2])
        let term: Term = 4
        follower.step(Self.append(term: term, after: example.previous, terms: example.terms))
        #expect(follower.drain() == [Self.answer(term: term, .accepted(matchIndex: example.matchIndex))])
        #expect(follower.entries == Paper.log(voters: Self.voters, terms: example.expectedTerms))
        #expect(follower.durable.entries == follower.entries)
    }

    @Test("an append that would cut below the commit index removes nothing committed")
    func committedEntriesAreNeverRemoved() throws {
        var follower = try Self.follower(terms: [1, 2, 2, 2], commit: 3)
        let before = follower.entries
        // A delayed append of an older leader, conflicting from index 2 on.
        follower.step(Self.append(term: 3, after: (1, 1), terms: [3, 3, 3]))
        #expect(follower.drain() == [Self.answer(term: 3, .accepted(matchIndex: 3))])
        #expect(follower.entries == before)
        #expect(follower.durable.entries == before)
        // From the commit index on, the conflict is resolved: only the uncommitted entry 4 goes.
        follower.step(Self.append(term: 3, after: (3, 2), terms: [3], commit: 3))
        #expect(follower.drain() == [Self.answer(term: 3, .accepted(matchIndex: 4))])
        #expect(follower.entries == Paper.log(voters: Self.voters, terms: [1, 2, 2, 3]))
        #expect(follower.node.commitIndex == 3)
    }

    struct CommitCase: Sendable, CustomTestStringConvertible {
        var newEntries: Int
        var leaderCommit: LogIndex
        var expectedCommit: LogIndex
        var testDescription: String { "\(newEntries) new entries, leader commit \(leaderCommit)" }
    }

    static let commitCases = [
        CommitCase(newEntries: 1, leaderCommit: 2, expectedCommit: 2),
        CommitCase(newEntries: 2, leaderCommit: 2, expectedCommit: 2),
        CommitCase(newEntries: 2, leaderCommit: 3, expectedCommit: 3),
        // Only up to the last entry this append vouches for.
        CommitCase(newEntries: 1, leaderCommit: 3, expectedCommit: 2),
        CommitCase(newEntries: 0, leaderCommit: 9, expectedCommit: 1),
    ]

    @Test("a follower commits and applies up to the leader's commit index", arguments: commitCases)
    func followerLearnsCommit(_ example: CommitCase) throws {
        var follower = try Self.follower(terms: [1])
        let terms = Array(repeating: Term(2), count: example.newEntries)
        follower.step(Self.append(term: 2, after: (1, 1), terms: terms, commit: example.leaderCommit))
        _ = follower.drain()
        #expect(follower.node.commitIndex == example.expectedCommit)
        #expect(follower.applied == Array(follower.entries.prefix(Int(example.expectedCommit))))
        #expect(follower.durable.hardState.commit == example.expectedCommit)
    }
}
