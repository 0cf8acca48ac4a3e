import ClientAPI
import Testing

@Suite("Client API envelopes")
struct EnvelopeTests {
    @Test("a request puts the header's fields and args side by side, as docs/API.md shows")
    func requestShape() throws {
        let request = Request(
            RequestHeader(op: .ticketCreate, requestId: "desk-7-1", forward: false), args: TicketCreateArgs(title: "Card retained"))
        let text = String(decoding: APIJSON.encode(request), as: UTF8.self)
        #expect(text == #"{"args":{"title":"Card retained"},"forward":false,"op":"ticket.create","requestId":"desk-7-1","v":1}"#)
        let header = try APIJSON.decode(RequestHeader.self, from: APIJSON.encode(request))
        #expect(header.op == "ticket.create" && header.requestId == "desk-7-1" && header.stale == nil)
    }

    @Test("an error answer carries the code, the message and the leader's endpoint")
    func errorShape() throws {
        let answer = Response<TicketPage>(
            requestId: "r", error: APIError(.notLeader, "node 3 does not lead", leader: LeaderHint(id: 1, client: "tcp://10.0.0.1:7200")))
        let decoded = try APIJSON.decode(Response<TicketPage>.self, from: APIJSON.encode(answer))
        #expect(throws: APIError(.notLeader, "node 3 does not lead", leader: LeaderHint(id: 1, client: "tcp://10.0.0.1:7200"))) {
            try decoded.get()
        }
    }

    @Test("decoding problems name the field and what it should be")
    func describedErrors() {
        let bad = Array(#"{"v":1,"op":"ticket.get","args":{"ticketId":"seven"}}"#.utf8)
        do {
            _ = try APIJSON.decode(Request<TicketGetArgs>.self, from: bad)
            Issue.record("a string ticket id decoded")
        } catch {
            #expect(APIJSON.describe(error) == "args.ticketId: expected a whole number")
        }
        do {
            _ = try APIJSON.decode(Request<TicketGetArgs>.self, from: Array(#"{"v":1,"op":"ticket.get","args":{}}"#.utf8))
            Issue.record("a missing ticket id decoded")
        } catch {
            #expect(APIJSON.describe(error) == "args.ticketId: missing")
        }
    }

    @Test("writes need a request id and admin operations the admin key; retryable codes are the documented ones")
    func operationRules() {
        let reads = APIOperation.allCases.filter { !$0.isWrite }.map(\.rawValue).sorted()
        #expect(
            reads == [
                "agent.list", "center.stats", "center.status", "cluster.status", "contact.get", "contact.list", "events.list", "fault.clear",
                "fault.inject", "fault.list", "leader.transfer", "route.explain", "settings.get", "ticket.get", "ticket.list",
            ])
        let admin = APIOperation.allCases.filter(\.requiresAdmin).map(\.rawValue).sorted()
        #expect(
            admin == [
                "center.blackout", "center.drain", "center.restore", "center.undrain", "drill.mark", "fault.clear", "fault.inject", "fault.list",
                "leader.transfer", "member.add", "member.promote", "member.remove", "route.broken", "settings.update", "topology.load",
            ])
        #expect(ErrorCode.allCases.filter(\.isRetryable).map(\.rawValue).sorted() == ["busy", "leader_changed", "no_quorum", "timeout", "unavailable"])
    }
}
