import ClientAPI
import ContactCenter
import Testing

/// The hand-written ticket answer must be byte for byte what Foundation's encoder writes: the
/// ledger keeps these bytes, clients parse them, and a retry's answer must equal the first.
@Suite struct TicketAnswerJSONTests {
    @Test("every character a string may hold is written as APIJSON writes it")
    func everyCharacter() {
        let texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
            + ["", "é", "中文", "👩‍💼", "\u{2028}\u{2029}", "\u{7F}", "a/b", "\\/", "tab\tnew\nline", "\u{FEFF}", "\u{10FFFF}"]
        for text in texts {
            let ticket = Ticket(
                id: 1, title: text, center: text, state: .open, createdAtMs: 0, updatedAtMs: 0,
                history: [TicketLine(atMs: 0, author: text, text: text)])
            let answer = Response(requestId: text, result: TicketWriteResult(ticket: ticket, appliedIndex: 1))
            #expect(answer.json == APIJSON.encode(answer), "text \(Array(text.unicodeScalars.map(\.value)))")
        }
    }

    @Test("tickets with and without each optional field, any state, category and priority, match APIJSON", arguments: 0..<200)
    func randomTickets(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        func maybe<Value>(_ value: Value) -> Value? { random.chance(50) ? value : nil }
        func number() -> Int64 {
            [0, 1, -1, Int64.max, Int64.min, Int64(bitPattern: random.next()), Int64(random.below(10_000))][random.below(7)]
        }
        let lines = (0..<random.below(4)).map { position in
            TicketLine(atMs: number(), author: "agent-\(position)", text: String(repeating: "x\"/", count: random.below(5)))
        }
        let ticket = Ticket(
            id: number(), title: "Card retained \(seed)", center: "wuhan",
            state: random.pick(TicketState.allCases) ?? .open,
            category: random.pick(TicketCategory.allCases) ?? .other,
            priority: random.pick(TicketPriority.allCases) ?? .normal,
            assignee: maybe("agent-7"), escalatedTo: maybe("hubei-3"), dueAtMs: maybe(number()),
            callbackWanted: random.chance(50), createdAtMs: number(), updatedAtMs: number(), homeCenter: maybe("chengdu"),
            lineCount: random.below(10_001), history: lines)
        let answer = Response(
            requestId: maybe("r-\(seed)"),
            result: TicketWriteResult(ticket: ticket, appliedIndex: random.next()))
        #expect(answer.json == APIJSON.encode(answer))
    }

    @Test("an error answer is APIJSON's")
    func errorAnswer() {
        let answer = Response<TicketWriteResult>(requestId: "r", error: APIError(.notFound, "no ticket 9"))
        #expect(answer.json == APIJSON.encode(answer))
    }
}
