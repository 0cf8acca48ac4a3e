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
        let first = pending.add(id: 1, index: 5, term: 2, deadlineTick: 100)
        let second = pending.add(id: 2, index: 6, term: 2, deadlineTick: 100)
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
        let added = pending.add(id: 7, index: 5, term: 2, deadlineTick: 100)
        #expect(added)
        let resolved = pending.applied([Self.command(5, term: 3)])
        #expect(resolved == [PendingWrites.Resolution(id: 7, outcome: .replacedByNewerLeader)])
        #expect(pending.count == 0)
    }

    @Test("past its deadline a write is answered, never left hanging; before it, it waits")
    func deadlines() {
        var pending = PendingWrites(capacity: 8)
        let first = pending.add(id: 1, index: 5, term: 2, deadlineTick: 10)
        let second = pending.add(id: 2, index: 6, term: 2, deadlineTick: 20)
        #expect(first && second)
        let early = pending.expire(atTick: 9)
        let atFirst = pending.expire(atTick: 10)
        let later = pending.expire(atTick: 25)
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
            pending.add(id: 1, index: 1, term: 1, deadlineTick: 5),
            pending.add(id: 2, index: 1, term: 1, deadlineTick: 5),
            pending.add(id: 3, index: 2, term: 1, deadlineTick: 5),
            pending.add(id: 4, index: 3, term: 1, deadlineTick: 5),
        ]
        #expect(outcomes == [true, false, true, false])
        #expect(pending.count == 2)
    }
}
