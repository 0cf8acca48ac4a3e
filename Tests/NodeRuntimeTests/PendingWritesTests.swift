import Consensus
import NodeRuntime
import Testing

@Suite("Pending writes")
struct PendingWritesTests {
    static func command(_ index: LogIndex, term: Term) -> Entry {
        Entry(term: term, index: index, payload: .command([UInt8(truncatingIfNeeded: index)]))
    }

    @Test("a write is acknowledged only when its own entry is applied")
    func appliedWithItsTerm() {
        var pending = PendingWrites(capacity: 8)
        let first = pending.add(id: 1, index: 5, term: 2, deadlineMs: 100)
        let second = pending.add(id: 2, index: 6, term: 2, deadlineMs: 100)
        #expect(first && second)
        let before = pending.applied([Self.command(4, term: 2)])
        #expect(before.isEmpty)
        let resolved = pending.applied([Self.command(5, term: 2)])
        #expect(resolved == [PendingWrites.Resolution(id: 1, outcome: .applied)])
        #expect(pending.count == 1)
    }

    @Test("an index applied with another term means a newer leader replaced the write")
    func replaced() {
        var pending = PendingWrites(capacity: 8)
        let added = pending.add(id: 7, index: 5, term: 2, deadlineMs: 100)
        #expect(added)
        let resolved = pending.applied([Self.command(5, term: 3)])
        #expect(resolved == [PendingWrites.Resolution(id: 7, outcome: .replacedByNewerLeader)])
        #expect(pending.count == 0)
    }

    @Test("past its deadline a write is answered, never left hanging; before it, it waits")
    func deadlines() {
        var pending = PendingWrites(capacity: 8)
        let first = pending.add(id: 1, index: 5, term: 2, deadlineMs: 10)
        let second = pending.add(id: 2, index: 6, term: 2, deadlineMs: 20)
        #expect(first && second)
        let early = pending.expire(atMs: 9)
        let atFirst = pending.expire(atMs: 10)
        let later = pending.expire(atMs: 25)
        let afterwards = pending.applied([Self.command(5, term: 2), Self.command(6, term: 2)])
        #expect(early.isEmpty)
        #expect(atFirst == [PendingWrites.Resolution(id: 1, outcome: .timedOut)])
        #expect(later == [PendingWrites.Resolution(id: 2, outcome: .timedOut)])
        #expect(afterwards.isEmpty)
    }

    @Test("the queue is bounded and one index holds one write")
    func bounded() {
        var pending = PendingWrites(capacity: 2)
        let outcomes = [
            pending.add(id: 1, index: 1, term: 1, deadlineMs: 5),
            pending.add(id: 2, index: 1, term: 1, deadlineMs: 5),
            pending.add(id: 3, index: 2, term: 1, deadlineMs: 5),
            pending.add(id: 4, index: 3, term: 1, deadlineMs: 5),
        ]
        #expect(outcomes == [true, false, true, false])
        #expect(pending.count == 2)
    }

    @Test("the application's answer resolves a write first; only unanswered ones are judged by their index")
    func answeredByTheApplication() {
        var pending = PendingWrites(capacity: 8)
        let added = pending.add(id: 1, index: 5, term: 2, deadlineMs: 100)
        let forwarded = pending.add(id: 2, index: nil, term: 2, deadlineMs: 100)
        #expect(added && forwarded)
        let answered = pending.resolve(id: 1)
        let answeredTwice = pending.resolve(id: 1)
        let judged = pending.applied([Self.command(5, term: 2)])
        let forwardedAnswered = pending.resolve(id: 2)
        #expect(answered && !answeredTwice && forwardedAnswered)
        #expect(judged.isEmpty)
        #expect(pending.count == 0)
    }

    @Test("a forwarded write waits for its answer or its deadline, whatever indexes apply")
    func forwardedWaits() {
        var pending = PendingWrites(capacity: 8)
        let added = pending.add(id: 9, index: nil, term: 1, deadlineMs: 10)
        #expect(added)
        let judged = pending.applied([Self.command(1, term: 1), Self.command(2, term: 3)])
        let expired = pending.expire(atMs: 10)
        #expect(judged.isEmpty)
        #expect(expired == [PendingWrites.Resolution(id: 9, outcome: .timedOut)])
    }

    @Test("losing the leader gives up every waiting write at once")
    func giveUp() {
        var pending = PendingWrites(capacity: 8)
        let first = pending.add(id: 4, index: 7, term: 1, deadlineMs: 10)
        let second = pending.add(id: 3, index: nil, term: 1, deadlineMs: 10)
        #expect(first && second)
        let abandoned = pending.removeAll()
        let judged = pending.applied([Self.command(7, term: 1)])
        #expect(abandoned == [3, 4])
        #expect(pending.count == 0)
        #expect(judged.isEmpty)
    }

    @Test("a new term appending where an old write still waits evicts that write")
    func evictedByANewTerm() {
        var pending = PendingWrites(capacity: 8)
        let old = pending.add(id: 1, index: 10, term: 2, deadlineMs: 100)
        let evicted = pending.evict(at: 10)
        let fresh = pending.add(id: 2, index: 10, term: 5, deadlineMs: 100)
        let nothing = pending.evict(at: 11)
        #expect(old && fresh)
        #expect(evicted == 1 && nothing == nil)
        #expect(pending.count == 1)
    }
}
