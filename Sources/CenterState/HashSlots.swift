/// A log index by hash in one flat array, linear probing, no tombstones: a removal shifts the
/// entries after it back so that every probe still ends at the first empty slot. The hashes are
/// the ledger's keys hashed by Swift's seeded hasher, so their low bits pick the slot as they are.
struct HashSlots {
    private struct Slot {
        var hash: Int
        /// 0 for an empty slot: log indexes start at 1.
        var index: UInt64
    }

    static let minimumCapacity = 1_024
    /// At most this many tenths of the slots are used before the table doubles: probes stay short.
    static let maxLoadTenths = 7

    private var slots = [Slot](repeating: Slot(hash: 0, index: 0), count: Self.minimumCapacity)
    private(set) var count = 0

    private var mask: Int { slots.count - 1 }

    /// The slot holding `hash`, or nil.
    private func position(of hash: Int) -> Int? {
        var at = hash & mask
        while slots[at].index != 0 {
            if slots[at].hash == hash { return at }
            at = (at + 1) & mask
        }
        return nil
    }

    subscript(hash: Int) -> UInt64? {
        position(of: hash).map { slots[$0].index }
    }

    /// Stores `index` under `hash` unless the hash is taken; returns whether it stored it.
    mutating func insert(_ index: UInt64, for hash: Int) -> Bool {
        precondition(index != 0, "log indexes start at 1")
        if (count + 1) * 10 > slots.count * Self.maxLoadTenths { grow() }
        var at = hash & mask
        while slots[at].index != 0 {
            if slots[at].hash == hash { return false }
            at = (at + 1) & mask
        }
        slots[at] = Slot(hash: hash, index: index)
        count += 1
        return true
    }

    /// Removes `hash` if it holds `index`; returns whether it did.
    mutating func remove(_ index: UInt64, for hash: Int) -> Bool {
        guard let found = position(of: hash), slots[found].index == index else { return false }
        var hole = found
        var next = found
        while true {
            next = (next + 1) & mask
            guard slots[next].index != 0 else { break }
            // An entry may fill the hole unless its home lies after the hole, up to where it sits:
            // it would then be found before its home, or not at all.
            let home = slots[next].hash & mask
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !stays {
                slots[hole] = slots[next]
                hole = next
            }
        }
        slots[hole] = Slot(hash: 0, index: 0)
        count -= 1
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, index: 0), count: old.count * 2)
        count = 0
        for slot in old where slot.index != 0 {
            _ = insert(slot.index, for: slot.hash)
        }
    }
}
