import ContactCenter
import Testing

@Suite("Re-homing order")
struct RehomeOrderTests {
    @Test("a dark center's queue moves oldest first and is served strictly oldest first within each queue and segment, checked over the whole queue")
    func oldestFirst() throws {
        var harness = try StateHarness.china2020()
        harness.staff(["wuhan"], perChannel: 1, channels: [.voice])
        harness.staff(StaffAbsenceTests.backups, perChannel: 3, channels: [.voice])
        let segments: [Segment] = [.normal, .greenChannel, .emergency]
        var sent: [UInt64] = []
        for index in 0..<120 {
            harness.clockMs += 250
            sent.append(harness.must(.enqueue(channel: .voice, branch: index % 2 == 0 ? "hubei" : "hunan", segment: segments[index % 7 % 3], skill: "general")) ?? 0)
        }
        // Every backup agent busy, so what moves has to wait in line where it lands.
        for center in StaffAbsenceTests.backups { for _ in 0..<3 { _ = harness.enqueue(center == "chengdu" ? "sichuan" : "henan") } }
        harness.run(forMs: 1_000, handleMs: 1 << 40)
        var offered: [UInt64] = []
        var rehomed: [UInt64] = []
        let outcome = harness.must(.centerBlackout(center: "wuhan"))
        _ = outcome
        for _ in 0..<400 {
            harness.clockMs += 1_000
            let tick = harness.apply(.tick)
            var events = tick.applied?.events ?? []
            for id in harness.state.agents.keys.sorted() {
                guard let agent = harness.state.agents[id] else { continue }
                if agent.state == .wrapUp { events += harness.apply(.agentWrapUpDone(agent: id)).applied?.events ?? [] }
                guard let contactID = agent.contact, let contact = harness.state.contacts[contactID] else { continue }
                if contact.state == .offered { events += harness.apply(.accept(contact: contactID, agent: id)).applied?.events ?? [] }
                else if harness.clockMs - (contact.answeredAtMs ?? harness.clockMs) >= 2_000 { events += harness.apply(.complete(contact: contactID)).applied?.events ?? [] }
            }
            for case .offered(let contact, _) in events where sent.contains(contact) { offered.append(contact) }
            if harness.state.contacts.isEmpty { break }
        }
        for case (let contact, _, _, .failover) in harness.placements.map({ ($0.contact, $0.center, $0.channel, $0.reason) }) { rehomed.append(contact) }
        let moved = sent.filter { rehomed.contains($0) }
        #expect(moved.count > 100, "most of Wuhan's queue moved")
        let order = Dictionary(uniqueKeysWithValues: rehomed.enumerated().map { ($1, $0) })
        #expect(moved.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) } == moved, "re-homed in the order they arrived")
        // Per destination queue and segment, the offers follow the age order, over the whole queue.
        var lines: [String: [(enqueuedAtMs: Int64, id: UInt64)]] = [:]
        let records = harness.state.finished
        for id in offered {
            guard let contact = records.last(where: { $0.id == id }) ?? harness.state.contacts[id] else { continue }
            lines["\(contact.center)/\(contact.channel.rawValue)/\(contact.segment.rawValue)", default: []].append((contact.enqueuedAtMs, id))
        }
        var outOfOrder = 0
        var pairs = 0
        for line in lines.values {
            for (earlier, later) in zip(line, line.dropFirst()) {
                pairs += 1
                if (earlier.enqueuedAtMs, earlier.id) > (later.enqueuedAtMs, later.id) { outOfOrder += 1 }
            }
        }
        #expect(pairs > 50 && outOfOrder == 0, "\(outOfOrder) of \(pairs) same-queue pairs offered out of age order")
    }
}
