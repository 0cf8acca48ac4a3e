import ClientAPI
import Foundation
import Testing
import ZeroMQ

/// A call that timed out may still be answered later; the next call on the same client must get
/// its own answer, not that one.
@Suite struct LateAnswerTests {
    @Test("answers to an earlier call, of the expected shape or not, are skipped; the call gets its own")
    func lateAnswersAreSkipped() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()
        let authenticator = ZAPAuthenticator(context: context, admittedKeys: [clientKeys.publicKey: "client"])
        try authenticator.start()
        defer { authenticator.stop() }
        let server = try ZeroMQSocket(context: context, type: .router)
        defer { server.close() }
        try server.configureCurveServer(secretKey: serverKeys.secretKey, zapDomain: "late-answer-test")
        try server.bind("tcp://127.0.0.1:*")
        let client = try APIClient(
            context: context, endpoint: try server.lastEndpoint(), serverKey: serverKeys.publicKey,
            keyPair: clientKeys)
        defer { client.close() }

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
