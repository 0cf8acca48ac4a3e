import ClientAPI
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("Quorum loss")
    struct QuorumTests {
        @Test("with a majority frozen, the minority answers no_quorum within a bounded time; then recovers")
        func minorityAnswersNoQuorum() throws {
            try withCluster(nodes: 5) { cluster in
                let leader = try cluster.waitForLeader()
                let written = try cluster.client(node: leader).createTicket("before the split").ticket.id
                // Freeze three nodes, the leader among them: two live nodes remain, a minority.
                let frozen = [leader] + cluster.nodeIDs.filter { $0 != leader }.prefix(2)
                let minority = cluster.nodeIDs.filter { !frozen.contains($0) }
                try eventually("the minority has applied the first write") {
                    try minority.allSatisfy { try cluster.client(node: $0).tickets(stale: true).contains { $0.id == written } }
                }
                for id in frozen { try cluster.pause(node: id) }
                let client = try cluster.client(node: minority[0])
                let started = ContinuousClock.now
                var answer: APIError?
                try eventually("a write on the minority is refused with no_quorum", timeoutMs: 15_000) {
                    do {
                        _ = try client.call(.ticketCreate, TicketCreateArgs(title: "in the minority"), timeoutMs: 8_000, as: TicketWriteResult.self)
                        return false
                    } catch let error as APIError {
                        answer = error
                        return error.code == .noQuorum
                    }
                }
                #expect(answer?.code == .noQuorum)
                #expect(started.duration(to: .now) < .seconds(12), "the minority must answer, not hang")
                // It still answers what needs no quorum: status, and stale reads.
                #expect(try client.status().leader == nil)
                #expect(try client.tickets(stale: true).contains { $0.id == written })
                // A linearizable read cannot be served without a quorum either.
                #expect(throws: APIError.self) { try client.tickets() }

                for id in frozen { try cluster.resume(node: id) }
                try cluster.waitForLeader()
                _ = try client.createTicket("after the heal")
            }
        }

        @Test("with a minority frozen, the majority keeps serving")
        func majorityKeepsServing() throws {
            try withCluster(nodes: 5) { cluster in
                let leader = try cluster.waitForLeader()
                let frozen = cluster.nodeIDs.filter { $0 != leader }.prefix(2)
                for id in frozen { try cluster.pause(node: id) }
                let client = try cluster.client(node: leader)
                let written = try (1...20).map { try client.createTicket("majority \($0)").ticket.id }
                #expect(Set(try client.tickets().map(\.id)).isSuperset(of: written))
                for id in frozen { try cluster.resume(node: id) }
                for id in frozen {
                    let rejoined = try cluster.client(node: id)
                    try eventually("node \(id) catches up after SIGCONT") {
                        Set(try rejoined.tickets(stale: true).map(\.id)).isSuperset(of: written)
                    }
                }
            }
        }
    }
}
