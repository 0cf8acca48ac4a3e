import ClientAPI
import Foundation
import Testing
import ZeroMQ

/// A call that timed out may still be answered later; the next call on the same client must get
/// its own answer, not that one.
@Suite struct LateAnswerTests {
    @Test("answers to an earlier call, of the expected shape or not, are skipped; the call gets its own")
    func lateAnswersAreSkipped() throws {
        let node = try FakeNode(domain: "late-answer-test")
        defer { node.close() }
        let (server, client) = (node.server, node.client)

        #expect(throws: APIError.self) { try client.call(.centerDrain, CenterArgs(center: "wuhan"), timeoutMs: 200, as: ContactCenterAnswer.self) }
        let first = try #require(try server.receive(timeoutMs: 5_000))
        let firstID = try #require(try APIJSON.decode(RequestHeader.self, from: first.frames[1]).requestId)
        let late = Response(requestId: firstID, result: ContactCenterAnswer(contact: nil, events: ["first"], appliedIndex: 1))
        #expect(try server.send([first.frames[0], APIJSON.encode(late)], timeoutMs: 5_000))
        #expect(try server.send([first.frames[0], APIJSON.encode(Response(requestId: firstID, result: "another shape"))], timeoutMs: 5_000))

        // The socket changes threads once: this test touches it again only after `call` returned.
        nonisolated(unsafe) let answeringSocket = server
        let answering = Thread {
            guard let second = try? answeringSocket.receive(timeoutMs: 5_000),
                let header = try? APIJSON.decode(RequestHeader.self, from: second.frames[1])
            else { return }
            let own = Response(requestId: header.requestId, result: ContactCenterAnswer(contact: nil, events: ["second"], appliedIndex: 2))
            _ = try? answeringSocket.send([second.frames[0], APIJSON.encode(own)], timeoutMs: 5_000)
        }
        answering.start()
        let answer = try client.call(.centerDrain, CenterArgs(center: "wuhan"), timeoutMs: 5_000, as: ContactCenterAnswer.self)
        #expect(answer.events == ["second"])
    }
}
