/// The live contacts by id, with an index per queue (center and channel) that routing, dispatch and
/// status read instead of walking every contact: with 100,000 contacts waiting, each new contact
/// costs a few binary searches rather than a pass over all of them. Every write goes through the
/// subscript, which keeps the index exact; `indexViolations` recounts it for the invariants.
public struct ContactTable: Sendable {
    private var byID: [UInt64: Contact] = [:]
    private var queues: [ServiceKey: QueueIndex] = [:]
    /// Contacts offered to an agent and not yet accepted: the offer clock reads only these.
    private(set) var offeredIDs: Set<UInt64> = []

    public init() {}

    public subscript(id: UInt64) -> Contact? {
        get { byID[id] }
        set {
            let old = byID[id]
            byID[id] = newValue
            if old?.state == .offered { offeredIDs.remove(id) }
            if newValue?.state == .offered { offeredIDs.insert(id) }
            let before = old.map(Self.place)
            let after = newValue.map(Self.place)
            guard before != after else { return }
            if let before { queues[before.key, default: QueueIndex()].remove(before) }
            if let after { queues[after.key, default: QueueIndex()].insert(after) }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey id: UInt64) -> Contact? {
        let old = byID[id]
        self[id] = nil
        return old
    }

    public var values: Dictionary<UInt64, Contact>.Values { byID.values }
    public var count: Int { byID.count }
    public var isEmpty: Bool { byID.isEmpty }

    /// The queue's waiting contacts (queued or offered), most urgent first: priority, then the
    /// longest waiting, then the id.
    func waiting(_ key: ServiceKey) -> [WaitingPlace] { queues[key]?.waiting ?? [] }

    func inService(_ key: ServiceKey) -> Int { queues[key]?.inService ?? 0 }

    /// Queues with anyone waiting or in service, in no particular order.
    var busyQueues: Dictionary<ServiceKey, QueueIndex>.Keys { queues.keys }

    /// Waiting contacts (queued or offered) of every queue that arrived at or before `cutoffMs`,
    /// in no particular order. Each priority's run is oldest first, so only these are read.
    func waiting(enqueuedAtOrBeforeMs cutoffMs: Int64) -> [UInt64] {
        queues.values.flatMap { $0.enqueued(atOrBeforeMs: cutoffMs) }
    }

    /// When the longest-waiting contact of the queue arrived, whatever its priority.
    func oldestEnqueuedAtMs(_ key: ServiceKey) -> Int64? {
        queues[key]?.oldestEnqueuedAtMs
    }

    private static func place(_ contact: Contact) -> Place {
        let key = contact.key
        switch contact.state {
        case .queued, .offered:
            return Place(key: key, waiting: WaitingPlace(rank: contact.segment.priorityRank, enqueuedAtMs: contact.enqueuedAtMs, id: contact.id))
        case .inService:
            return Place(key: key, waiting: nil)
        case .done, .abandoned, .redirected:
            // A finished contact is never in the table; place it nowhere rather than trap.
            return Place(key: ServiceKey(center: "", channel: contact.channel), waiting: nil)
        }
    }

    /// The index rebuilt from the contacts, compared with the one kept; empty when they agree.
    func indexViolations() -> [String] {
        var recount = ContactTable()
        for contact in byID.values { recount[contact.id] = contact }
        let kept = queues.filter { !$0.value.isEmpty }
        let expected = recount.queues.filter { !$0.value.isEmpty }
        var violations: [String] = []
        if kept != expected { violations.append("the queue index differs from a recount of \(byID.count) contacts") }
        if offeredIDs != recount.offeredIDs {
            violations.append("\(offeredIDs.count) contacts are indexed as offered, a recount finds \(recount.offeredIDs.count)")
        }
        return violations
    }
}

extension ContactTable: Equatable {
    /// The index follows from the contacts.
    public static func == (lhs: ContactTable, rhs: ContactTable) -> Bool { lhs.byID == rhs.byID }
}

extension ContactTable: Codable {
    public init(from decoder: any Decoder) throws {
        let contacts = try [UInt64: Contact](from: decoder)
        self.init()
        for contact in contacts.values { self[contact.id] = contact }
        // A contact filed under another id would be lost by the rebuild: refuse the image.
        guard byID.count == contacts.count, contacts.allSatisfy({ $0.key == $0.value.id }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a contact is stored under another id"))
        }
    }

    public func encode(to encoder: any Encoder) throws { try byID.encode(to: encoder) }
}

/// Where a contact counts: its queue, and its place in the waiting line if it waits.
private struct Place: Equatable {
    var key: ServiceKey
    var waiting: WaitingPlace?
}

/// A waiting contact's rank in its queue.
struct WaitingPlace: Sendable, Hashable, Comparable {
    var rank: Int
    var enqueuedAtMs: Int64
    var id: UInt64

    static func < (lhs: WaitingPlace, rhs: WaitingPlace) -> Bool {
        (lhs.rank, lhs.enqueuedAtMs, lhs.id) < (rhs.rank, rhs.enqueuedAtMs, rhs.id)
    }
}

/// One queue: its waiting contacts kept sorted, how many of them have each priority, and how many
/// are in service.
struct QueueIndex: Sendable, Equatable {
    var waiting: [WaitingPlace] = []
    /// The length of each priority's run in `waiting`, by rank. The oldest contact of a rank leads
    /// its run, so the oldest overall is found by reading at most three entries. A binary search
    /// for each run's start instead missed the cache on every probe once 100,000 contacts waited,
    /// and routing asks for every queue's oldest on each new contact.
    private(set) var runLengths = [Int](repeating: 0, count: Segment.allCases.count)
    var inService = 0

    var isEmpty: Bool { waiting.isEmpty && inService == 0 }

    var oldestEnqueuedAtMs: Int64? {
        var oldest: Int64?
        var start = 0
        for length in runLengths {
            if length > 0 { oldest = min(oldest ?? .max, waiting[start].enqueuedAtMs) }
            start += length
        }
        return oldest
    }

    func enqueued(atOrBeforeMs cutoffMs: Int64) -> [UInt64] {
        var ids: [UInt64] = []
        var start = 0
        for length in runLengths {
            var index = start
            while index < start + length, waiting[index].enqueuedAtMs <= cutoffMs {
                ids.append(waiting[index].id)
                index += 1
            }
            start += length
        }
        return ids
    }

    fileprivate mutating func insert(_ place: Place) {
        guard let entry = place.waiting else { inService += 1; return }
        waiting.insert(entry, at: firstIndex(notBelow: entry))
        runLengths[entry.rank] += 1
    }

    fileprivate mutating func remove(_ place: Place) {
        guard let entry = place.waiting else { inService -= 1; return }
        let index = firstIndex(notBelow: entry)
        if index < waiting.count, waiting[index] == entry {
            waiting.remove(at: index)
            runLengths[entry.rank] -= 1
        }
    }

    private func firstIndex(notBelow entry: WaitingPlace) -> Int {
        var low = 0
        var high = waiting.count
        while low < high {
            let middle = (low + high) / 2
            if waiting[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
