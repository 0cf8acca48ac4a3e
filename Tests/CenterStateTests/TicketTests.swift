@testable import CenterState
import ClientAPI
import Testing

@Suite("Tickets on apply")
struct TicketTests {
    @Test("a ticket is created, appended to and closed; its history keeps every line in order")
    func lifecycle() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Card retained", center: "wuhan", text: "ATM kept the card")), id: "r1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "Branch will return it")), id: "r2", atMs: 2_000),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "Returned", close: true)), id: "r3", atMs: 3_000),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "too late")), id: "r4"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 99, text: "nobody")), id: "r5"),
        ])
        #expect(answers.map(\.requestId) == ["r1", "r2", "r3", "r4", "r5"])
        let created = try harness.write(answers[0]).get()
        #expect(created.ticket.id == 1 && created.appliedIndex == 1)
        #expect(throws: APIError(.conflict, "ticket 1 is closed")) { try harness.write(answers[3]).get() }
        #expect(throws: APIError(.notFound, "no ticket 99")) { try harness.write(answers[4]).get() }
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.state == .closed)
        #expect(ticket.history.map(\.text) == ["ATM kept the card", "Branch will return it", "Returned"])
        #expect(ticket.updatedAtMs == 3_000)
    }

    @Test("a ticket holding the most lines it may refuses the next append, which changes nothing")
    func fullTicket() throws {
        let harness = try StateHarness()
        let lines = (1..<CommandLimits.maxLinesPerTicket).map {
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "line \($0)")), id: "a\($0)", atMs: 2_000)
        }
        try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Long", center: "wuhan", text: "first")), id: "c")] + lines)
        let full = try #require(try harness.ticket(1))
        #expect(full.lineCount == CommandLimits.maxLinesPerTicket && full.updatedAtMs == 2_000)
        let refused = try harness.apply([
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "one too many")), id: "over", atMs: 3_000)
        ])
        let limit = CommandLimits.maxLinesPerTicket
        #expect(throws: APIError(.conflict, "ticket 1 has \(limit) lines, the most a ticket holds")) { try harness.write(refused[0]).get() }
        #expect(try harness.ticket(1) == full)
    }

    @Test("an append answers the ticket exactly as a read after it finds it, with the line it added (closing ones included)")
    func appendAnswersWhatIsStored() throws {
        let harness = try StateHarness()
        let create = TicketCreateArgs(
            title: "Loan deferral", center: "wuhan", text: "first", category: .loanDeferral, priority: .high, assignee: "agent-7",
            dueAtMs: 9_000, callbackWanted: true)
        let answers = try harness.apply([
            StateHarness.command(.ticketCreate(create), id: "c"),
            StateHarness.command(.ticketUpdate(TicketUpdateArgs(ticketId: 1, escalatedTo: "hubei-3")), id: "u", atMs: 1_500),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "called back")), id: "a1", atMs: 2_000),
        ])
        var stored = try #require(try harness.ticket(1))
        stored.history = Array(stored.history.suffix(1))
        #expect(try harness.write(answers[2]).get().ticket == stored)
        let closing = try harness.apply([StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "done", close: true)), id: "a2", atMs: 3_000)])
        var closed = try #require(try harness.ticket(1))
        closed.history = Array(closed.history.suffix(1))
        #expect(closed.state == .closed && closed.homeCenter == nil)
        #expect(try harness.write(closing[0]).get().ticket == closed)
    }

    @Test("a write's answer, and what the retry ledger keeps of it, do not grow with the ticket: the header and the lines the write added")
    func boundedAnswers() throws {
        let harness = try StateHarness()
        let text = String(repeating: "x", count: 64)
        let commands = [StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Loan deferral", center: "wuhan", text: "first")), id: "c")]
            + (1...1_500).map { StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: text)), id: "a\($0)") }
            + [StateHarness.command(.ticketUpdate(TicketUpdateArgs(ticketId: 1, priority: .urgent)), id: "u")]
        let answers = try harness.apply(commands)
        let created = try harness.write(answers[0]).get().ticket
        #expect(created.history.map(\.text) == ["first"] && created.lineCount == 1)
        let early = try harness.write(answers[1]).get().ticket
        let late = try harness.write(answers[1_500]).get().ticket
        #expect(early.lineCount == 2 && late.lineCount == 1_501)
        #expect(early.history.count == 1 && late.history.count == 1 && late.history[0].text == text)
        let updated = try harness.write(answers[1_501]).get().ticket
        #expect(updated.history.map(\.text) == ["priority urgent"] && updated.lineCount == 1_502)
        #expect(answers[1_500].answer.count - answers[1].answer.count <= 16, "only the digits of the counts and the index grow")
        let ledger = try harness.store.read { try LedgerBuckets.all(in: $0).map(\.answer.count).max() }
        #expect((ledger ?? .max) < 1_024, "the largest answer the retry ledger keeps: \(ledger ?? -1) bytes")
        #expect(try harness.ticket(1)?.history.count == 1_502, "ticket.get still reads the whole history")
    }

    @Test("a retried request id is applied once and answered with the first answer's bytes")
    func deduplication() throws {
        let harness = try StateHarness()
        let append = TicketAppendArgs(ticketId: 1, text: "called the customer")
        let answers = try harness.apply([
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: "c"),
            StateHarness.command(.ticketAppend(append), id: "a"),
            StateHarness.command(.ticketAppend(append), id: "a", atMs: 9_000),
            StateHarness.command(.ticketAppend(append), id: "a", client: "client:K2"),
        ])
        #expect(answers[1].answer == answers[2].answer)
        #expect(answers[3].answer != answers[1].answer)
        let ticket = try #require(try harness.ticket(1))
        #expect(ticket.history.count == 2, "the same id from another key is another request")
    }

    @Test("a request id reused for a different write is refused as a conflict, not answered with the first result")
    func reusedRequestID() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: "desk-1"),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Card retained")), id: "desk-1", atMs: 5_000),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "Complaint")), id: "desk-1", atMs: 9_000),
        ])
        #expect(throws: APIError(
            .conflict, "requestId desk-1 was used for a different write (applied at index 1); give each new write a new id"
        )) { try harness.write(answers[1]).get() }
        #expect(answers[2].answer == answers[0].answer, "a true retry still gets the first answer")
        #expect(try harness.ticket(2) == nil)
    }

    @Test("a retry is told by the request the client sent, not by the defaults the receiving node filled in")
    func retryThroughAnotherNode() throws {
        let harness = try StateHarness()
        func sent(_ title: String, defaultCenter: String) -> Command {
            var command = StateHarness.command(.ticketCreate(TicketCreateArgs(title: title, center: defaultCenter)), id: "r")
            command.requestFingerprint = RequestFingerprint.of(.ticketCreate(TicketCreateArgs(title: title)))
            return command
        }
        let answers = try harness.apply([
            sent("Complaint", defaultCenter: "wuhan"), sent("Complaint", defaultCenter: "chengdu"),
            sent("Card retained", defaultCenter: "wuhan"),
        ])
        #expect(answers[1].answer == answers[0].answer)
        #expect(throws: APIError.self) { try harness.write(answers[2]).get() }
        #expect(try harness.ticket(2) == nil)
    }

    @Test("a command that breaks the limits is refused on apply too, and the refusal is remembered")
    func limitsOnApply() throws {
        let harness = try StateHarness()
        let long = String(repeating: "x", count: CommandLimits.maxTitleCharacters + 1)
        let answers = try harness.apply([StateHarness.command(.ticketCreate(TicketCreateArgs(title: long)), id: "big")])
        #expect(throws: APIError.self) { try harness.write(answers[0]).get() }
        #expect(try harness.ticket(1) == nil)
        #expect(CommandLimits.problem(withRequestID: nil) != nil)
        #expect(CommandLimits.problem(withRequestID: "ok-1") == nil)
    }

    @Test("limits count characters, not bytes: a line of 4,000 two-byte characters is accepted, 4,001 are not")
    func limitsCountCharacters() {
        let limit = CommandLimits.maxLineCharacters
        let atLimit = String(repeating: "é", count: limit)
        #expect(atLimit.utf8.count == 2 * limit)
        #expect(CommandLimits.problem(with: .ticketAppend(TicketAppendArgs(ticketId: 1, text: atLimit))) == nil)
        #expect(CommandLimits.problem(with: .ticketAppend(TicketAppendArgs(ticketId: 1, text: atLimit + "é"))) != nil)
        #expect(CommandLimits.problem(with: .ticketAppend(TicketAppendArgs(ticketId: 1, text: String(repeating: "x", count: limit + 1)))) != nil)
        #expect(!CommandLimits.isLonger("👩‍👩‍👧", than: 1), "one character of 18 bytes")
    }

    @Test("listing pages by id and filters by center and state")
    func listing() throws {
        let harness = try StateHarness()
        let commands = (1...7).map { number in
            StateHarness.command(
                .ticketCreate(TicketCreateArgs(title: "t\(number)", center: number % 2 == 0 ? "wuhan" : "chengdu")),
                id: "c\(number)")
        }
        try harness.apply(commands + [StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 4, text: "done", close: true)), id: "x")])
        let first = try harness.store.read { try TicketQueries.list(TicketListArgs(center: "wuhan", limit: 2), in: $0) }
        #expect(first.tickets.map(\.id) == [2, 4])
        #expect(first.nextAfterId == 4)
        let second = try harness.store.read {
            try TicketQueries.list(TicketListArgs(center: "wuhan", afterId: first.nextAfterId, limit: 2), in: $0)
        }
        #expect(second.tickets.map(\.id) == [6])
        #expect(second.nextAfterId == nil)
        let open = try harness.store.read { try TicketQueries.list(TicketListArgs(center: "wuhan", state: .open), in: $0) }
        #expect(open.tickets.map(\.id) == [2, 6])
    }

    /// The two layouts of `ticket_lines` before lines were linked: clustered by ticket (WITHOUT
    /// ROWID), then in write order with a unique index by ticket.
    static let unlinkedLineLayouts = [
        "PRIMARY KEY (ticket_id, seq)) WITHOUT ROWID",
        "UNIQUE (ticket_id, seq))",
    ]

    /// Two tickets with interleaved lines, rewritten into `layout`, as an earlier version left them.
    private static func unlinkedHarness(_ layout: String) throws -> StateHarness {
        let harness = try StateHarness()
        try harness.apply([
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "a", center: "wuhan", text: "a0")), id: "c1"),
            StateHarness.command(.ticketCreate(TicketCreateArgs(title: "b", center: "wuhan", text: "b0")), id: "c2"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "a1")), id: "a1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 2, text: "b1")), id: "b1"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "a2")), id: "a2"),
        ])
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try db.execute(
                sql: """
                    CREATE TABLE old_lines (
                        ticket_id INTEGER NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, author TEXT NOT NULL,
                        text TEXT NOT NULL, \(layout);
                    INSERT INTO old_lines SELECT ticket_id, seq, at_ms, author, text FROM ticket_lines ORDER BY id;
                    DROP TABLE ticket_lines;
                    ALTER TABLE old_lines RENAME TO ticket_lines;
                    ALTER TABLE tickets DROP COLUMN last_line_id;
                    """)
        }
        return harness
    }

    @Test("lines stored unlinked, in either earlier layout, are linked on start with every line kept, and appends go on", arguments: unlinkedLineLayouts)
    func linksTheEarlierLineLayouts(_ layout: String) throws {
        let harness = try Self.unlinkedHarness(layout)
        try harness.restart()
        #expect(try harness.store.read { try $0.columns(in: "ticket_lines").map(\.name) }
            == ["id", "ticket_id", "seq", "at_ms", "author", "text", "previous_id"])
        // The point of linking: no index by ticket takes a random page write on every append.
        #expect(try harness.store.read { try $0.indexes(on: "ticket_lines") }.isEmpty)
        #expect(try harness.ticket(1)?.history.map(\.text) == ["a0", "a1", "a2"])
        try harness.apply([
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "a3")), id: "a3"),
            StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 2, text: "b2")), id: "b2"),
        ])
        #expect(try harness.ticket(1)?.history.map(\.text) == ["a0", "a1", "a2", "a3"])
        #expect(try harness.ticket(2)?.history.map(\.text) == ["b0", "b1", "b2"])
        #expect(try harness.ticket(1)?.lineCount == 4)
    }

    @Test("a snapshot taken before lines were linked restores every history, linked", arguments: unlinkedLineLayouts)
    func restoresAnUnlinkedSnapshot(_ layout: String) throws {
        let image = try Self.unlinkedHarness(layout).snapshot()
        let harness = try StateHarness()
        try harness.restore(image, at: 5)
        #expect(try harness.ticket(1)?.history.map(\.text) == ["a0", "a1", "a2"])
        #expect(try harness.ticket(2)?.history.map(\.text) == ["b0", "b1"])
        try harness.apply([StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 2, text: "b2")), id: "b2")])
        #expect(try harness.ticket(2)?.history.map(\.text) == ["b0", "b1", "b2"])
    }

    @Test("a history is read back from any line on, in order, across tickets written in turn")
    func readsLinesFromAnyPosition() throws {
        let harness = try StateHarness()
        var commands = (1...3).map { StateHarness.command(.ticketCreate(TicketCreateArgs(title: "t\($0)", center: "wuhan")), id: "c\($0)") }
        for seq in 0..<20 {
            for ticket in 1...3 {
                commands.append(StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: Int64(ticket), text: "\(ticket)-\(seq)")), id: "\(ticket)-\(seq)"))
            }
        }
        try harness.apply(commands, batchSize: 7)
        for ticket in 1...3 {
            #expect(try harness.ticket(Int64(ticket))?.history.map(\.text) == (0..<20).map { "\(ticket)-\($0)" })
            for first in [0, 1, 19, 20] {
                let lines = try harness.store.read { try TicketQueries.ticket(Int64(ticket), linesFrom: first, in: $0) }?.history
                #expect(lines?.map(\.text) == (first..<20).map { "\(ticket)-\($0)" })
            }
        }
    }

    @Test("a damaged link between lines ends the history's walk instead of looping")
    func damagedLinkEndsTheWalk() throws {
        let harness = try StateHarness()
        try harness.apply(
            [StateHarness.command(.ticketCreate(TicketCreateArgs(title: "card", text: "first")), id: "c")]
                + (1...3).map { StateHarness.command(.ticketAppend(TicketAppendArgs(ticketId: 1, text: "line \($0)")), id: "a\($0)") })
        try harness.store.apply(upTo: harness.lastIndex) { db in
            try db.execute(sql: "UPDATE ticket_lines SET previous_id = id WHERE seq = 2")
        }
        #expect(try harness.ticket(1)?.history.map(\.text) == ["line 2", "line 3"])
    }
}
