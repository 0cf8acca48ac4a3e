import ClientAPI
import Testing

@Suite struct TicketDecodingTests {
    @Test("a ticket from a node older than lineCount decodes, counting the history it sent whole; a newer one keeps its count")
    func lineCountOfOlderNodes() throws {
        let older = #"{"id": 7, "title": "Card retained", "center": "wuhan", "state": "open", "category": "other", "priority": "normal", "callbackWanted": false, "createdAtMs": 1, "updatedAtMs": 2, "history": [{"atMs": 1, "author": "system", "text": "a"}, {"atMs": 2, "author": "system", "text": "b"}]}"#
        #expect(try APIJSON.decode(Ticket.self, from: Array(older.utf8)).lineCount == 2)
        let newer = Ticket(id: 7, title: "Card retained", center: "wuhan", state: .open, createdAtMs: 1, updatedAtMs: 2, lineCount: 1_500,
                           history: [TicketLine(atMs: 2, author: "system", text: "b")])
        #expect(try APIJSON.decode(Ticket.self, from: APIJSON.encode(newer)) == newer)
    }
}
