@testable import CenterState
import Consensus
import Testing

@Suite("HashSlots, the ledger index's flat table")
struct HashSlotsTests {
    /// Hashes from a narrow range crowd a few home slots, so removals shift runs that wrap around
    /// the table's end; the table must agree with a dictionary after every step.
    @Test("agrees with a dictionary through inserts, removals and growth", arguments: [1, 2, 3])
    func agreesWithDictionary(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var slots = HashSlots()
        var model: [Int: UInt64] = [:]
        let capacity = HashSlots.minimumCapacity
        for step in 1...20_000 {
            // Near the table's end and past it, so that runs wrap; sometimes far away, so it grows.
            let hash = random.next() % 8 == 0 ? Int(truncatingIfNeeded: random.next()) : capacity - 8 + Int(random.next() % 24)
            let index = UInt64(step)
            if random.next() % 3 == 0, let held = model[hash] {
                let wrongIndex = slots.remove(held + 1, for: hash)
                #expect(!wrongIndex, "a removal names the index it removes")
                let removed = slots.remove(held, for: hash)
                #expect(removed)
                model[hash] = nil
            } else {
                let inserted = slots.insert(index, for: hash)
                #expect(inserted == (model[hash] == nil))
                if model[hash] == nil { model[hash] = index }
            }
            #expect(slots.count == model.count)
            if step % 997 == 0 {
                for (hash, index) in model { #expect(slots[hash] == index) }
            }
        }
        for (hash, index) in model { #expect(slots[hash] == index) }
        for (hash, index) in model {
            let removed = slots.remove(index, for: hash)
            #expect(removed)
        }
        #expect(slots.count == 0)
        #expect(slots[capacity - 1] == nil)
    }
}
