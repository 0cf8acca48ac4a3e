import ClientAPI
import ContactCenter
import Testing

/// What a client sends for a ticket write is written directly: it must be byte for byte what
/// Foundation's encoder writes, which a node's strict parser reads.
@Suite struct RequestJSONTests {
    /// Plain runs, escapes and multi-byte characters in any order.
    private static func text(_ random: inout SplitMix64) -> String {
        let pieces = ["plain", "\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "中", "👩‍💼", "/", " ", "\u{2028}", "\t"]
        return (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    @Test("ticket write requests, with and without each optional field, are APIJSON's bytes", arguments: 0..<200)
    func ticketWrites(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        func maybe<Value>(_ value: Value) -> Value? { random.chance(50) ? value : nil }
        let header = RequestHeader(
            op: .ticketAppend, requestId: maybe(Self.text(&random)), forward: maybe(random.chance(50)), stale: maybe(random.chance(50)))
        let append = Request(header, args: TicketAppendArgs(ticketId: Int64(bitPattern: random.next()), text: Self.text(&random), close: maybe(true)))
        #expect(append.json == APIJSON.encode(append))
        let create = Request(
            header,
            args: TicketCreateArgs(
                title: Self.text(&random), center: maybe(Self.text(&random)), text: maybe(Self.text(&random)),
                category: maybe(.complaint), priority: maybe(.urgent), assignee: maybe("agent-7"), dueAtMs: maybe(-1),
                callbackWanted: maybe(false)))
        #expect(create.json == APIJSON.encode(create))
        let update = Request(
            header,
            args: TicketUpdateArgs(
                ticketId: 9, state: maybe(.awaitingCallback), assignee: maybe(Self.text(&random)), escalatedTo: maybe("hubei-3"),
                priority: maybe(.low), category: maybe(.cardRetained), dueAtMs: maybe(Int64.max), callbackWanted: maybe(true),
                text: maybe(Self.text(&random))))
        #expect(update.json == APIJSON.encode(update))
        let answer = Response(
            requestId: Self.text(&random),
            result: TicketWriteResult(
                ticket: Ticket(
                    id: 1, title: Self.text(&random), center: "wuhan", state: .open, createdAtMs: 0, updatedAtMs: 0,
                    history: [TicketLine(atMs: 0, author: Self.text(&random), text: Self.text(&random))]),
                appliedIndex: 1))
        #expect(answer.json == APIJSON.encode(answer))
    }

    @Test("other arguments go through Foundation's encoder")
    func otherArguments() {
        let request = Request(RequestHeader(op: .ticketGet, requestId: "r"), args: TicketGetArgs(ticketId: 3))
        #expect(request.json == APIJSON.encode(request))
    }
}
