import CenterState
import ClientAPI
import struct ContactCenter.SplitMix64
import Testing

/// Fingerprints are stored in the ledger and compared with a retry's, possibly computed by another
/// build: the ticket writes' directly written JSON must give exactly the bytes, and so the
/// fingerprint, that Foundation's encoder gives.
@Suite struct RequestFingerprintTests {
    /// The definition: FNV-1a over `APIJSON.encode(action)`, never 0.
    private func foundationFingerprint(_ action: Command.Action) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in APIJSON.encode(action) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash == 0 ? 1 : Int64(bitPattern: hash)
    }

    private static let texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        + ["", "é", "中文", "👩‍💼", "\u{2028}\u{2029}", "a/b", "\\/", "tab\tnew\nline", "\u{10FFFF}"]

    @Test("every character in every string field fingerprints as Foundation's JSON does")
    func everyCharacter() {
        for text in Self.texts {
            let actions: [Command.Action] = [
                .ticketAppend(TicketAppendArgs(ticketId: 7, text: text)),
                .ticketCreate(TicketCreateArgs(title: text, center: text, text: text, assignee: text)),
                .ticketUpdate(TicketUpdateArgs(ticketId: 7, assignee: text, escalatedTo: text, text: text)),
            ]
            for action in actions {
                #expect(RequestFingerprint.of(action) == foundationFingerprint(action), "text \(Array(text.unicodeScalars.map(\.value)))")
            }
        }
    }

    @Test("ticket writes with and without each optional field fingerprint as Foundation's JSON does", arguments: 0..<200)
    func randomArguments(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        func maybe<Value>(_ value: Value) -> Value? { random.chance(50) ? value : nil }
        func number() -> Int64 { [0, 1, -1, Int64.max, Int64.min, Int64(bitPattern: random.next())][random.below(6)] }
        let actions: [Command.Action] = [
            .ticketAppend(TicketAppendArgs(ticketId: number(), text: "line \(seed) \"/", close: maybe(random.chance(50)))),
            .ticketCreate(TicketCreateArgs(
                title: "Card retained \(seed)", center: maybe("wuhan"), text: maybe("first line"),
                category: maybe(random.pick(TicketCategory.allCases) ?? .other),
                priority: maybe(random.pick(TicketPriority.allCases) ?? .normal), assignee: maybe("agent-7"),
                dueAtMs: maybe(number()), callbackWanted: maybe(random.chance(50)))),
            .ticketUpdate(TicketUpdateArgs(
                ticketId: number(), state: maybe(random.pick(TicketState.allCases) ?? .open), assignee: maybe("agent-7"),
                escalatedTo: maybe("hubei-3"), priority: maybe(random.pick(TicketPriority.allCases) ?? .high),
                category: maybe(random.pick(TicketCategory.allCases) ?? .complaint), dueAtMs: maybe(number()),
                callbackWanted: maybe(random.chance(50)), text: maybe("why"))),
        ]
        for action in actions {
            #expect(RequestFingerprint.of(action) == foundationFingerprint(action))
        }
    }

    @Test("the other writes fingerprint as Foundation's JSON does, and two different writes differ")
    func otherWrites() {
        let election = Command.Action.leaderElected(LeaderElection(node: 2, center: "wuhan", term: 9, previousLeader: 1))
        #expect(RequestFingerprint.of(election) == foundationFingerprint(election))
        #expect(
            RequestFingerprint.of(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "a")))
                != RequestFingerprint.of(.ticketAppend(TicketAppendArgs(ticketId: 2, text: "a"))))
    }
}
