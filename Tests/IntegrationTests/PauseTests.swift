import ClientAPI
import Foundation
import InterflowTesting
import Synchronization
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
                // believing it leads until it hears the new term.
                let outcome = Mutex<Result<TicketWriteResult, any Error>?>(nil)
                let sender = Thread {
                    let result = Result {
                        try cluster.client(node: old).call(
                            .ticketCreate, TicketCreateArgs(title: "sent to the frozen leader"), requestID: "frozen-1",
                            timeoutMs: 15_000, as: TicketWriteResult.self)
                    }
                    outcome.withLock { $0 = result }
                }
                sender.start()
                Thread.sleep(forTimeInterval: 0.2)
                try cluster.resume(node: old)
                try eventually("the frozen leader's write is answered") { outcome.withLock { $0 != nil } }

                switch outcome.withLock({ $0 })! {
                case .success(let written):
                    #expect(written.ticket.title == "sent to the frozen leader")
                case .failure(let error as APIError):
                    #expect([.noQuorum, .leaderChanged, .timeout, .notLeader].contains(error.code), "\(error)")
                case .failure(let error):
                    Issue.record("unexpected failure: \(error)")
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
