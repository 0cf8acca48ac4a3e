import Consensus

/// Where the request ledger keeps each remembered write: the log index it was applied at, by the
/// client and request id, in memory. The ledger's rows are stored by that index, so every write
/// appends its row at the end of the table; a B-tree keyed by the request, as the rows were before,
/// put each write's row on a page of its own at random and rewrote that whole page in the WAL
/// (13 KB of the 20 KB a node wrote per ticket append, and a third of its CPU).
///
/// It only points: a found index is read back and compared with the request before it counts, so
/// hash collisions and entries of a rolled-back transaction cannot make a new request a retry. It
/// must not miss a remembered write, so it is rebuilt from the table whenever they may disagree:
/// on start, after a snapshot is installed, and when the entries applied do not follow the last ones.
struct LedgerIndex {
    struct Key: Hashable {
        var client: String
        var requestId: String
    }

    /// The first remembered write of each hash; collisions go to `collided` under the whole key.
    private var byHash: [Int: UInt64] = [:]
    private var collided: [Key: UInt64] = [:]
    private let hash: @Sendable (Key) -> Int

    /// The last log index applied with this index, or nil when unknown (just rebuilt from a table
    /// whose last applied entry it cannot see).
    var appliedThrough: LogIndex?

    init(hash: @escaping @Sendable (Key) -> Int = { $0.hashValue }) {
        self.hash = hash
    }

    var count: Int { byHash.count + collided.count }

    /// The indexes that may hold the write; at most two, the caller checks each row.
    func candidates(_ key: Key) -> [UInt64] {
        var found: [UInt64] = []
        if let index = byHash[hash(key)] { found.append(index) }
        if !collided.isEmpty, let index = collided[key] { found.append(index) }
        return found
    }

    mutating func insert(_ key: Key, at index: UInt64) {
        let slot = hash(key)
        if byHash[slot] == nil {
            byHash[slot] = index
        } else {
            collided[key] = index
        }
    }

    /// Forgets the write applied at `index` under `key` (a row the ledger pruned).
    mutating func remove(_ key: Key, at index: UInt64) {
        let slot = hash(key)
        if byHash[slot] == index {
            byHash[slot] = nil
        } else if collided[key] == index {
            collided[key] = nil
        }
    }

    mutating func removeAll() {
        byHash.removeAll()
        collided.removeAll()
        appliedThrough = nil
    }
}
