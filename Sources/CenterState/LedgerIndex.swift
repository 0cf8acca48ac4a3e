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
///
/// Every write looks itself up and is then inserted, on every node, so the key is hashed once for
/// both (`Hashed`) and the first write of each hash sits in a flat table probed in place
/// (`HashSlots`): a `Dictionary` by hash hashed that hash again, and each lookup built an array.
struct LedgerIndex {
    typealias Key = RequestKey

    /// A key and its hash, computed once for a write's lookup and its insert.
    struct Hashed {
        var key: Key
        fileprivate var hash: Int
    }

    /// The indexes that may hold a write: at most two, which the caller checks row by row.
    struct Candidates: Sequence, IteratorProtocol {
        fileprivate var first: UInt64?
        fileprivate var collided: UInt64?

        mutating func next() -> UInt64? {
            if let found = first {
                first = nil
                return found
            }
            defer { collided = nil }
            return collided
        }
    }

    /// The first remembered write of each hash; collisions go to `collided` under the whole key.
    private var byHash = HashSlots()
    private var collided: [Key: UInt64] = [:]
    private let hash: @Sendable (Key) -> Int

    /// The last log index applied with this index, or nil when unknown (just rebuilt from a table
    /// whose last applied entry it cannot see).
    var appliedThrough: LogIndex?

    init(hash: @escaping @Sendable (Key) -> Int = { $0.hashValue }) {
        self.hash = hash
    }

    var count: Int { byHash.count + collided.count }

    func hashed(_ key: Key) -> Hashed {
        Hashed(key: key, hash: hash(key))
    }

    func candidates(_ key: Hashed) -> Candidates {
        Candidates(first: byHash[key.hash], collided: collided.isEmpty ? nil : collided[key.key])
    }

    mutating func insert(_ key: Hashed, at index: UInt64) {
        if !byHash.insert(index, for: key.hash) {
            collided[key.key] = index
        }
    }

    /// Forgets the write applied at `index` under `key` (a row the ledger pruned).
    mutating func remove(_ key: Key, at index: UInt64) {
        if !byHash.remove(index, for: hash(key)), collided[key] == index {
            collided[key] = nil
        }
    }

    mutating func removeAll() {
        byHash = HashSlots()
        collided.removeAll()
        appliedThrough = nil
    }
}
