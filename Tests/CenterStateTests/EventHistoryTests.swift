@testable import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import Consensus
import ContactCenter
import GRDB
import Testing

@Suite("The event history")
struct EventHistoryTests {
    static func cc(_ change: ContactCenter.Command, id: String, client: String = "admin:Ops1", atMs: Int64) -> Command {
        StateHarness.command(.contactCenter(change), id: id, client: client, atMs: atMs)
    }

    @Test("decisions are recorded with their index, time, kind, center and cause; contact traffic is not")
    func decisionsOnly() throws {
        let harness = try StateHarness()
        try harness.apply([
            StateHarness.command(.topologyLoad(try ContactCenterScenario.china2020()), id: "load", client: "admin:Ops1", atMs: 1_000),
            StateHarness.command(
                .leaderElected(LeaderElection(node: 2, center: "wuhan", term: 3, previousLeader: 1)), id: "elected-3-1",
                client: "system:node-2", atMs: 1_500),
            Self.cc(.enqueue(channel: .voice, branch: "hubei", segment: .normal, skill: "general"), id: "e1", client: "client:K1", atMs: 2_000),
            Self.cc(.agentLogin(agent: "chengdu-1", homeCenter: "chengdu", skills: ["general"], channels: [.voice]), id: "a1", atMs: 2_500),
            Self.cc(.centerBlackout(center: "wuhan"), id: "b1", atMs: 3_000),
            Self.cc(.agentLend(agent: "chengdu-1", toCenter: "hefei", extraSkills: [], by: "duty manager"), id: "l1", atMs: 4_000),
            Self.cc(.routeBroken(from: "wuhan", to: "chengdu", broken: true), id: "r1", atMs: 5_000),
        ])
        try harness.apply(Membership(voters: [1, 2, 3], learners: [4]))
        let events = try harness.events().events
        #expect(events.map(\.kind) == [.topologyLoaded, .leaderElected, .centerStatus, .agentLent, .routeBroken, .membershipChanged])
        #expect(events.map(\.index) == [1, 2, 5, 6, 7, 8])
        let blackout = try #require(events.first { $0.kind == .centerStatus })
        #expect(blackout.center == "wuhan" && blackout.atMs == 3_000 && blackout.cause == "admin:Ops1")
        #expect(blackout.text == "center wuhan up → dark (operator-blackout)")
        let elected = try #require(events.first { $0.kind == .leaderElected })
        #expect(elected.text == "node 2 (wuhan) elected leader in term 3, after node 1" && elected.cause == "raft" && elected.center == "wuhan")
        // The membership entry has no clock of its own: the time of the decision before it.
        #expect(events.last?.text == "members: voters 1, 2, 3; learners 4" && events.last?.atMs == 5_000)
    }

    @Test("a leaving center's tickets moving, and coming home, are events too; so are a drill's marks")
    func ticketsAndDrills() throws {
        let harness = try StateHarness()
        try harness.apply([
            StateHarness.command(.topologyLoad(try ContactCenterScenario.china2020()), id: "load", atMs: 1_000),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "card kept", center: "wuhan")), id: "t1", atMs: 1_500),
            StateHarness.command(.drillMarked(DrillMarkArgs(drill: "d1", phase: .started, text: "blackout of wuhan", center: "wuhan")), id: "m1", client: "admin:Ops1", atMs: 1_900),
            Self.cc(.centerBlackout(center: "wuhan"), id: "b1", atMs: 2_000),
            Self.cc(.centerRestore(center: "wuhan"), id: "r1", atMs: 3_000),
            Self.cc(.setCenterStatus(center: "wuhan", status: .up), id: "u1", atMs: 4_000),
        ])
        let events = try harness.events().events
        #expect(events.map(\.kind).filter { $0 != .centerStatus } == [.topologyLoaded, .drillStarted, .ticketsMoved, .ticketsReturned])
        let moved = try #require(events.first { $0.kind == .ticketsMoved })
        #expect(moved.center == "wuhan" && moved.index == 4 && moved.text.hasPrefix("1 active tickets of wuhan moved ("))
        #expect(events.first { $0.kind == .drillStarted }?.text == "drill d1 started: blackout of wuhan")
        // The status change comes before the tickets it moves, in the same entry.
        let sameEntry = events.filter { $0.index == 4 }.map(\.kind)
        #expect(sameEntry == [.centerStatus, .ticketsMoved])
    }

    @Test("pages follow afterIndex, never split an entry's events, and filter by center and time")
    func paging() throws {
        let harness = try StateHarness()
        try harness.apply([StateHarness.command(.topologyLoad(try ContactCenterScenario.china2020()), id: "load", atMs: 1_000)])
        // A topology that drops two centers at once: one entry, several center events.
        try harness.apply([Self.cc(.centerBlackout(center: "wuhan"), id: "b1", atMs: 2_000), Self.cc(.centerBlackout(center: "hefei"), id: "b2", atMs: 3_000)])
        let all = try harness.events().events
        #expect(all.count == 3)

        let first = try harness.events(EventListArgs(limit: 1))
        #expect(first.events.count == 1 && first.more && first.lastIndex == 1)
        let second = try harness.events(EventListArgs(afterIndex: first.lastIndex, limit: 1))
        #expect(second.events.map(\.center) == ["wuhan"] && second.more)
        let third = try harness.events(EventListArgs(afterIndex: second.lastIndex, limit: 1))
        #expect(third.events.map(\.center) == ["hefei"] && !third.more && third.lastIndex == 3)
        let empty = try harness.events(EventListArgs(afterIndex: third.lastIndex))
        #expect(empty.events.isEmpty && empty.lastIndex == 3 && !empty.more)

        #expect(try harness.events(EventListArgs(center: "hefei")).events.map(\.index) == [3])
        #expect(try harness.events(EventListArgs(sinceMs: 2_500)).events.map(\.index) == [3])
    }

    @Test("an entry with many events comes whole even past the limit, and the next page starts after it")
    func wholeEntries() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try CenterSchema.create(db)
            for (index, count) in [(5, 3), (6, 1)] as [(UInt64, Int)] {
                for n in 0..<count {
                    try EventHistory.insert(.centerStatus, center: "c\(n)", text: "e\(index).\(n)", index: index, atMs: 1, cause: "t", in: db)
                }
            }
        }
        let first = try db.read { try EventHistory.list(EventListArgs(limit: 2), in: $0) }
        #expect(first.events.map(\.text) == ["e5.0", "e5.1", "e5.2"] && first.lastIndex == 5 && first.more)
        let second = try db.read { try EventHistory.list(EventListArgs(afterIndex: first.lastIndex, limit: 2), in: $0) }
        #expect(second.events.map(\.text) == ["e6.0"] && !second.more)
    }

    @Test("the history keeps the newest retainedEvents events, plus at most one pruning step")
    func bounded() throws {
        let db = try DatabaseQueue()
        let total = EventListArgs.retainedEvents + 2 * EventHistory.pruneEveryEvents + 10
        try db.write { db in
            try CenterSchema.create(db)
            for n in 0..<total {
                try EventHistory.insert(.failbackStep, center: nil, text: "\(n)", index: UInt64(n + 1), atMs: 1, cause: "t", in: db)
            }
        }
        let (count, oldest) = try db.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0, try String.fetchOne(db, sql: "SELECT text FROM events ORDER BY seq LIMIT 1"))
        }
        #expect(count <= EventListArgs.retainedEvents + EventHistory.pruneEveryEvents && count >= EventListArgs.retainedEvents)
        #expect(oldest == "\(total - count)")
    }

    @Test("a snapshot carries the history")
    func snapshotted() throws {
        let harness = try StateHarness()
        try harness.apply([StateHarness.command(.topologyLoad(try ContactCenterScenario.china2020()), id: "load", atMs: 1_000)])
        var commands: [Command] = []
        for round in 0..<60 {
            commands.append(Self.cc(.centerBlackout(center: "wuhan"), id: "b\(round)", atMs: Int64(2_000 + round * 2)))
            commands.append(Self.cc(.centerRestore(center: "wuhan"), id: "r\(round)", atMs: Int64(2_001 + round * 2)))
        }
        try harness.apply(commands)
        let before = try harness.events().events
        #expect(before.count >= 121)
        let image = try harness.snapshot()
        let other = try StateHarness()
        try other.restore(image, at: harness.lastIndex)
        #expect(try other.events().events == before)
    }
}
