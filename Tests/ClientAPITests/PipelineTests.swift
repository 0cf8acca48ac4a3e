import ClientAPI
import Foundation
import Testing
import ZeroMQ

/// Many requests in flight on one socket: answers come back in any order and are told apart by
/// their request ids, errors included.
@Suite struct PipelineTests {
    @Test("three requests sent before any answer; answered in reverse order, one with an error; each is matched to its id")
    func answersMatchedByID() throws {
        let node = try FakeNode(domain: "pipeline-test")
        defer { node.close() }
        let (server, client) = (node.server, node.client)

        let ids = ["p-1", "p-2", "p-3"]
        for id in ids { try client.send(.ticketAppend, TicketAppendArgs(ticketId: 1, text: id), requestID: id) }
        var received: [(route: [UInt8], id: String)] = []
        for _ in ids {
            let request = try #require(try server.receive(timeoutMs: 5_000))
            received.append((request.frames[0], try #require(try APIJSON.decode(RequestHeader.self, from: request.frames[1]).requestId)))
        }
        #expect(received.map(\.id) == ids, "all three were sent before any answer")
        for (route, id) in received.reversed() {
            let answer: [UInt8] =
                id == "p-2"
                ? APIJSON.encode(Response<ContactCenterAnswer>(requestId: id, error: APIError(.conflict, "ticket 1 is closed")))
                : APIJSON.encode(Response(requestId: id, result: ContactCenterAnswer(contact: nil, events: [id], appliedIndex: 1)))
            #expect(try server.send([route, answer], timeoutMs: 5_000))
        }
        var outcomes: [String: Result<ContactCenterAnswer, APIError>] = [:]
        for _ in ids {
            let answer = try #require(try client.nextAnswer(as: ContactCenterAnswer.self, timeoutMs: 5_000))
            outcomes[try #require(answer.requestId)] = answer.outcome
        }
        #expect(try outcomes["p-1"]?.get().events == ["p-1"] && outcomes["p-3"]?.get().events == ["p-3"])
        #expect(throws: APIError(.conflict, "ticket 1 is closed")) { try outcomes["p-2"]?.get() }
        #expect(try client.nextAnswer(as: ContactCenterAnswer.self, timeoutMs: 50) == nil)
    }
}
