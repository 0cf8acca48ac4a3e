@testable import CenterState
import ClientAPI
import Consensus
import GRDB
import Testing

@Suite("The request ledger, stored by index and found through LedgerIndex")
struct RequestLedgerTests {
    static func append(_ id: String, atMs: Int64 = 1_000) -> Command {
        StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "called back")), id: id, atMs: atMs)
    }

    static func create(_ id: String) -> Command {
        StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: id)
    }

    @Test("requests whose hashes collide are told apart by their whole key")
    func collisions() {
        var index = LedgerIndex(hash: { _ in 7 })
        let first = LedgerIndex.Key(client: "client:K1", requestId: "a")
        let second = LedgerIndex.Key(client: "client:K1", requestId: "b")
        index.insert(first, at: 10)
        index.insert(second, at: 11)
        #expect(index.candidates(first) == [10])
        #expect(index.candidates(second) == [10, 11], "the row at 10 is read and refused, the one at 11 found")
        index.remove(first, at: 10)
        #expect(index.candidates(first).isEmpty)
        #expect(index.candidates(second) == [11])
        index.remove(second, at: 11)
        #expect(index.count == 0)
        index.insert(second, at: 12)
        #expect(index.candidates(second) == [12])
    }

    @Test("after a restart and after a snapshot is installed, a retry still gets its first answer")
    func rememberedAcrossRestartAndSnapshot() throws {
        let harness = try StateHarness()
        let first = try harness.apply([Self.create("c"), Self.append("a")])
        try harness.restart()
        let retried = try harness.apply([Self.append("a", atMs: 5_000), Self.create("c")])
        #expect(retried.map(\.answer) == [first[1].answer, first[0].answer])
        #expect(try harness.ticket(1)?.history.count == 1)
        #expect(try harness.ticket(2) == nil, "the create was not applied again")

        let follower = try StateHarness()
        try follower.restore(try harness.snapshot(), at: harness.lastIndex)
        let afterSnapshot = try follower.apply([Self.append("a", atMs: 9_000)])
        #expect(afterSnapshot[0].answer == first[1].answer)
        #expect(try follower.ticket(1)?.history.count == 1)
    }

    @Test("a write whose transaction rolled back is applied once when its entry is applied again")
    func rolledBackTransaction() throws {
        let harness = try StateHarness()
        try harness.apply([Self.create("c")])
        struct Abort: Error {}
        let entry = Entry(term: 1, index: 2, payload: .command(Self.append("a").encoded))
        #expect(throws: Abort.self) {
            try harness.store.apply(upTo: 2) { db in
                try harness.state.apply([entry], in: db)
                throw Abort()
            }
        }
        _ = harness.state.takeAnswers()
        let again = try harness.apply([Self.append("a")])
        #expect(try harness.write(again[0]).get().ticket.lineCount == 1)
        let retry = try harness.apply([Self.append("a", atMs: 3_000)])
        #expect(retry[0].answer == again[0].answer)
        #expect(try harness.ticket(1)?.history.count == 1)
    }

    @Test("a ledger kept by client and request id, as earlier versions wrote it, is moved to the index key with every row")
    func migratesTheOldLayout() throws {
        let harness = try StateHarness()
        let first = try harness.apply([Self.create("c"), Self.append("a")])
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try db.execute(
                sql: """
                    CREATE TABLE old_requests (
                        client TEXT NOT NULL, request_id TEXT NOT NULL, applied_index INTEGER NOT NULL,
                        at_ms INTEGER NOT NULL, answer BLOB NOT NULL, request_fingerprint INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (client, request_id)) WITHOUT ROWID;
                    INSERT INTO old_requests SELECT client, request_id, applied_index, at_ms, answer, request_fingerprint FROM client_requests;
                    DROP TABLE client_requests;
                    ALTER TABLE old_requests RENAME TO client_requests;
                    CREATE INDEX client_requests_by_age ON client_requests(at_ms);
                    """)
        }
        try harness.restart()
        let key = try harness.store.read { try $0.primaryKey("client_requests").columns }
        #expect(key == ["applied_index"])
        #expect(try harness.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM client_requests") } == 2)
        let retried = try harness.apply([Self.append("a", atMs: 7_000)])
        #expect(retried[0].answer == first[1].answer)
        #expect(try harness.ticket(1)?.history.count == 1)
    }
}
