import ClientAPI
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("A leader frozen by SIGSTOP")
    struct PauseTests {
        @Test("the old leader steps down on SIGCONT; its unacknowledged write fails clearly or is applied once")
        func frozenLeader() throws {
            try withCluster(nodes: 3) { cluster in
                let old = try cluster.waitForLeader()
                let oldClient = try cluster.client(node: old)
                _ = try oldClient.createTicket("before the freeze")
                try cluster.pause(node: old)
                let new = try cluster.waitForLeader()
                #expect(new != old)
                _ = try cluster.client(node: new).createTicket("while frozen")

                // Sent while the old leader is frozen: it reads the request only after SIGCONT, still
                // believing it leads until it hears the new term. `send` returns once the request is
                // on the connected socket, so it is in flight before the resume, with no wait.
                try oldClient.send(.ticketCreate, TicketCreateArgs(title: "sent to the frozen leader"), requestID: "frozen-1")
                try cluster.resume(node: old)
                let deadline = ContinuousClock.now.advanced(by: .seconds(15))
                var answered: Swift.Result<TicketWriteResult, APIError>?
                while answered == nil, ContinuousClock.now < deadline {
                    if let answer = try oldClient.nextAnswer(as: TicketWriteResult.self, timeoutMs: 1_000), answer.requestId == "frozen-1" {
                        answered = answer.outcome
                    }
                }
                let outcome = try #require(answered, "the frozen leader's write was never answered")

                switch outcome {
                case .success(let written):
                    #expect(written.ticket.title == "sent to the frozen leader")
                case .failure(let error):
                    #expect([.noQuorum, .leaderChanged, .timeout, .notLeader].contains(error.code), "\(error)")
                }
                // One leader afterwards, and it is not the old one unless it won a later election.
                let leader = try cluster.waitForLeader()
                let oldStatus = try oldClient.status()
                #expect(oldStatus.leader?.id == leader)
                // Retrying the same request id applies it exactly once, whatever happened before.
                let retried = try cluster.client(node: leader).createTicket("sent to the frozen leader", requestID: "frozen-1")
                let copies = try cluster.client(node: leader).tickets().filter { $0.title == "sent to the frozen leader" }
                #expect(copies.map(\.id) == [retried.ticket.id])
            }
        }
    }
}
