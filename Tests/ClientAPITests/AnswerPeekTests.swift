import ClientAPI
import Testing

/// The load generator counts an answer as committed from its first bytes; it must never count an
/// error, and must leave to the decoder what it cannot be sure of.
@Suite struct AnswerPeekTests {
    static let ticket = Ticket(
        id: 7, title: "Card retained", center: "wuhan", state: .open, createdAtMs: 0, updatedAtMs: 0,
        history: [TicketLine(atMs: 0, author: "agent-1", text: "called back")])

    @Test("a successful ticket write is known by its request id, as written by hand and by APIJSON")
    func success() {
        let answer = Response(requestId: "bench-3-17", result: TicketWriteResult(ticket: Self.ticket, appliedIndex: 42))
        #expect(AnswerPeek.successRequestID(in: answer.json) == "bench-3-17")
        #expect(AnswerPeek.successRequestID(in: APIJSON.encode(answer)) == "bench-3-17")
    }

    @Test("errors, answers without an id, ids with escapes and other key orders are left to the decoder")
    func leftToTheDecoder() {
        let refused = Response<TicketWriteResult>(requestId: "bench-1-1", error: APIError(.noQuorum, "no quorum"))
        #expect(AnswerPeek.successRequestID(in: refused.json) == nil)
        let anonymous = Response(requestId: nil, result: TicketWriteResult(ticket: Self.ticket, appliedIndex: 1))
        #expect(AnswerPeek.successRequestID(in: anonymous.json) == nil)
        let quoted = Response(requestId: #"a"b"#, result: TicketWriteResult(ticket: Self.ticket, appliedIndex: 1))
        #expect(AnswerPeek.successRequestID(in: quoted.json) == nil)
        #expect(AnswerPeek.successRequestID(in: Array(#"{"requestId":"x","ok":true}"#.utf8)) == nil)
        #expect(AnswerPeek.successRequestID(in: Array(#"{"ok":true,"requestId":"unterminated"#.utf8)) == nil)
        #expect(AnswerPeek.successRequestID(in: []) == nil)
    }
}
