import Testing

@testable import ContactCenter

/// The live-contact table's indexes, which routing and the clock read instead of walking every
/// contact: each must answer what a walk over all contacts would.
@Suite("Contact table indexes")
struct ContactTableTests {
    static let key = ServiceKey(center: "wuhan", channel: .voice)

    static func contact(_ id: UInt64, _ segment: Segment, enqueuedAtMs: Int64, _ state: Contact.State = .queued) -> Contact {
        var contact = Contact(
            id: id, channel: .voice, originalChannel: .voice, branch: "hubei", segment: segment, skill: "general",
            enqueuedAtMs: enqueuedAtMs, center: "wuhan", reason: .home, explanation: [])
        contact.state = state
        if state == .offered {
            contact.agent = "agent-\(id)"
            contact.offeredAtMs = enqueuedAtMs + 1
        }
        return contact
    }

    /// Emergencies go first, so the oldest contact overall need not lead the queue.
    static func table() -> ContactTable {
        var table = ContactTable()
        for contact in [
            contact(1, .normal, enqueuedAtMs: 100),
            contact(2, .emergency, enqueuedAtMs: 500),
            contact(3, .greenChannel, enqueuedAtMs: 300, .offered),
            contact(4, .normal, enqueuedAtMs: 50, .inService),
            contact(5, .normal, enqueuedAtMs: 200, .offered),
            contact(6, .emergency, enqueuedAtMs: 700),
        ] {
            table[contact.id] = contact
        }
        return table
    }

    /// What a walk over every contact finds.
    static func walk(_ table: ContactTable, _ include: (Contact) -> Bool) -> Set<UInt64> {
        Set(table.values.filter(include).map(\.id))
    }

    @Test("the oldest waiting contact is found across priorities, and contacts in service are not waiting")
    func oldestAcrossPriorities() {
        var table = Self.table()
        #expect(table.oldestEnqueuedAtMs(Self.key) == 100)
        #expect(table.waiting(Self.key).map(\.id) == [2, 6, 3, 1, 5])
        table[1] = nil
        #expect(table.oldestEnqueuedAtMs(Self.key) == 200)
        table[5]?.state = .inService
        #expect(table.oldestEnqueuedAtMs(Self.key) == 300)
        table[3] = nil
        table[2] = nil
        table[6] = nil
        #expect(table.oldestEnqueuedAtMs(Self.key) == nil)
        #expect(table.indexViolations().isEmpty)
    }

    @Test("waiting contacts that arrived by a cutoff are those a walk finds", arguments: [0, 100, 250, 500, 10_000] as [Int64])
    func waitingSince(cutoffMs: Int64) {
        let table = Self.table()
        let walked = Self.walk(table) { ($0.state == .queued || $0.state == .offered) && $0.enqueuedAtMs <= cutoffMs }
        #expect(Set(table.waiting(enqueuedAtOrBeforeMs: cutoffMs)) == walked)
    }

    @Test("the offered index follows every change of state")
    func offeredIndex() {
        var table = Self.table()
        #expect(table.offeredIDs == [3, 5])
        table[1]?.state = .offered
        table[3]?.state = .inService
        table[5] = nil
        #expect(table.offeredIDs == Self.walk(table) { $0.state == .offered })
        #expect(table.offeredIDs == [1])
        #expect(table.indexViolations().isEmpty)
    }
}
