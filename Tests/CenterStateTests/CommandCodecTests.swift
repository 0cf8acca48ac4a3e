import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Testing

@Suite("Log entry encoding")
struct CommandCodecTests {
    static let binaryVersion: UInt8 = 0x01

    static func command(_ action: Command.Action, fingerprint: Int64? = nil) -> Command {
        Command(
            client: "client:Yne@8kZr5mQ2wV", requestId: "7f3c2a90-1b4e-4d6a-9c8e-2f5b7a1d0e63", author: "client:Yne@8",
            atMs: 1_717_171_717_171, action: action, requestFingerprint: fingerprint)
    }

    /// Every action kind, each ticket action with all its optional fields set and with none.
    static func everyKind() throws -> [Command] {
        let full = TicketCreateArgs(
            title: "卡被自动柜员机吞了 🏧", center: "wuhan", text: "customer called twice", category: .cardRetained,
            priority: .urgent, assignee: "wuhan-1", dueAtMs: 1_717_200_000_000, callbackWanted: true)
        let update = TicketUpdateArgs(
            ticketId: 42, state: .awaitingCallback, assignee: "chengdu-2", escalatedTo: "sichuan", priority: .low,
            category: .misSentTransfer, dueAtMs: -1, callbackWanted: false, text: "moved to Chengdu")
        return [
            command(.ticketCreate(full), fingerprint: Int64.min),
            command(.ticketCreate(TicketCreateArgs(title: "t"))),
            command(.ticketAppend(TicketAppendArgs(ticketId: 7, text: "called back, resolved", close: true)), fingerprint: 99),
            command(.ticketAppend(TicketAppendArgs(ticketId: Int64.max, text: "x", close: false))),
            command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: ""))),
            command(.ticketUpdate(update), fingerprint: -5),
            command(.ticketUpdate(TicketUpdateArgs(ticketId: 3))),
            command(.topologyLoad(try ContactCenterScenario.china2020())),
            command(.topologyLoad(Topology(centers: []))),
            command(.contactCenter(.enqueue(channel: .voice, branch: "hubei", segment: .greenChannel, skill: "general")), fingerprint: 1),
            command(.contactCenter(.tick)),
            command(.leaderElected(LeaderElection(node: 2, center: "wuhan", term: UInt64.max, previousLeader: 1))),
            command(.leaderElected(LeaderElection(node: 1, center: "chengdu", term: 1, previousLeader: nil))),
            command(.drillMarked(DrillMarkArgs(drill: "20261206-070027-center-blackout", phase: .aborted, text: "no leader", center: "wuhan"))),
            command(.drillMarked(DrillMarkArgs(drill: "d", phase: .started, text: "x"))),
        ]
    }

    static func typicalAppend() -> Command {
        command(.ticketAppend(TicketAppendArgs(ticketId: 1_234, text: String(repeating: "callback", count: 8))))
    }

    @Test("every action kind encodes in the binary format and decodes to the same command")
    func roundTrip() throws {
        for command in try Self.everyKind() {
            let bytes = command.encoded
            #expect(bytes.first == Self.binaryVersion)
            #expect(Command.decode(bytes) == command)
        }
    }

    @Test("a command as JSON, as older nodes wrote it to the log and to snapshots, still decodes")
    func jsonStillDecodes() throws {
        for command in try Self.everyKind() {
            #expect(Command.decode(APIJSON.encode(command)) == command)
        }
    }

    @Test("a literal JSON entry from an older node decodes, with or without a request fingerprint")
    func literalJSON() {
        let beforeFingerprints = #"""
            {"action":{"ticketAppend":{"_0":{"close":true,"text":"called back, resolved","ticketId":7}}},\#
            "atMs":1000,"author":"client:K1","client":"client:K1","requestId":"a1"}
            """#
        let withFingerprint = #"""
            {"action":{"ticketCreate":{"_0":{"center":"wuhan","priority":"high","title":"card kept"}}},\#
            "atMs":2000,"author":"client:K1","client":"client:K1","requestFingerprint":-8,"requestId":"a2"}
            """#
        #expect(Command.decode(Array(beforeFingerprints.utf8)) == Command(
            client: "client:K1", requestId: "a1", author: "client:K1", atMs: 1_000,
            action: .ticketAppend(TicketAppendArgs(ticketId: 7, text: "called back, resolved", close: true))))
        #expect(Command.decode(Array(withFingerprint.utf8)) == Command(
            client: "client:K1", requestId: "a2", author: "client:K1", atMs: 2_000,
            action: .ticketCreate(TicketCreateArgs(title: "card kept", center: "wuhan", priority: .high)),
            requestFingerprint: -8))
    }

    @Test("a log written as JSON before an upgrade and in binary after it applies as an all-binary log does")
    func mixedLog() throws {
        let commands = DeterminismTests.workload(count: 300)
        let binary = try StateHarness()
        let upgraded = try StateHarness()
        let answers = try binary.apply(commands)
        let before = try upgraded.apply(Array(commands.prefix(150)), encoding: { APIJSON.encode($0) })
        let after = try upgraded.apply(Array(commands.dropFirst(150)))
        #expect(before + after == answers)
        #expect(try upgraded.snapshot() == binary.snapshot())
    }

    @Test("every truncation, extension or unknown first byte of an encoding decodes to nil")
    func truncatedAndUnknown() throws {
        for command in try Self.everyKind() {
            let bytes = command.encoded
            for length in 0..<bytes.count { #expect(Command.decode(Array(bytes.prefix(length))) == nil) }
            #expect(Command.decode(bytes + [0]) == nil)
            for first in UInt8.min...UInt8.max where first != Self.binaryVersion && first != UInt8(ascii: "{") {
                #expect(Command.decode([first] + bytes.dropFirst()) == nil)
            }
        }
    }

    @Test("a length past the end, a flag not 0 or 1, an unknown action or enum value, or text not UTF-8 decodes to nil")
    func malformedFields() throws {
        let command = Self.typicalAppend()
        let bytes = command.encoded
        func replacing(_ at: Int, with new: [UInt8]) -> [UInt8] {
            var changed = bytes
            changed.replaceSubrange(at..<at + new.count, with: new)
            return changed
        }
        let clientLength = 1
        let remaining = UInt32(bytes.count - clientLength - 4)
        let actionTag = 1 + 4 + command.client.utf8.count + 4 + command.requestId.utf8.count + 4 + command.author.utf8.count + 8
        let textLength = actionTag + 1 + 8
        #expect(Command.decode(replacing(clientLength, with: [0xFF, 0xFF, 0xFF, 0xFF])) == nil)
        #expect(Command.decode(replacing(clientLength, with: withUnsafeBytes(of: (remaining + 1).littleEndian, Array.init))) == nil)
        #expect(Command.decode(replacing(textLength, with: [0xFF, 0xFF, 0xFF, 0x7F])) == nil)
        #expect(Command.decode(replacing(actionTag, with: [0])) == nil)
        #expect(Command.decode(replacing(actionTag, with: [200])) == nil)
        #expect(Command.decode(replacing(textLength + 4, with: [0xC3, 0x28])) == nil)
        #expect(Command.decode(replacing(bytes.count - 1, with: [2])) == nil)

        let create = Self.command(.ticketCreate(TicketCreateArgs(title: "t", priority: .high))).encoded
        let priority = Array("high".utf8)
        let priorityAt = try #require(create.indices.first { create[$0...].starts(with: priority) })
        var unknownPriority = create
        unknownPriority.replaceSubrange(priorityAt..<priorityAt + 4, with: Array("hugh".utf8))
        #expect(Command.decode(unknownPriority) == nil)
    }

    @Test("random bytes decode to nil, and a mutated encoding that decodes encodes back to the same bytes")
    func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 0x1A7E_C0DE)
        for round in 0..<4_000 {
            var bytes = (0..<random.below(160)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if round.isMultiple(of: 2), !bytes.isEmpty { bytes[0] = Self.binaryVersion }
            #expect(Command.decode(bytes) == nil)
        }
        let valid = Self.command(.ticketUpdate(TicketUpdateArgs(ticketId: 9, state: .open, text: "reopened"))).encoded
        for _ in 0..<4_000 {
            var bytes = valid
            for _ in 0...random.below(3) { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            if let decoded = Command.decode(bytes) { #expect(decoded.encoded == bytes) }
        }
    }

    @Test("a typical ticket append is smaller in binary than in JSON")
    func binaryIsSmaller() {
        let command = Self.typicalAppend()
        #expect(command.encoded.count < APIJSON.encode(command).count)
    }
}
