import ClientAPI
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("Replication across real processes")
    struct ReplicationTests {
        @Test("a write on one node is read linearizably on another, and a follower forwards writes", arguments: [3, 5])
        func writeThenReadElsewhere(nodes: Int) throws {
            try withCluster(nodes: nodes) { cluster in
                let leader = try cluster.waitForLeader()
                let followers = cluster.nodeIDs.filter { $0 != leader }
                let viaLeader = try cluster.client(node: leader).createTicket("via the leader")
                let viaFollower = try cluster.client(node: followers[0]).createTicket("via a follower")
                // Linearizable by default: no waiting, the last node must already see both writes.
                let reader = try cluster.client(node: followers[followers.count - 1])
                let seen = try reader.tickets().map(\.id)
                #expect(seen.contains(viaLeader.ticket.id) && seen.contains(viaFollower.ticket.id))
                let ticket = try reader.call(.ticketGet, TicketGetArgs(ticketId: viaFollower.ticket.id), as: Ticket.self)
                #expect(ticket.title == "via a follower")
            }
        }

        @Test("kill -9 of the leader: a new leader, every acknowledged write kept; the killed node catches up", arguments: [3, 5])
        func killLeader(nodes: Int) throws {
            try withCluster(nodes: nodes) { cluster in
                let first = try cluster.waitForLeader()
                let writer = try cluster.client(node: first)
                let acknowledged = try (1...40).map { try writer.createTicket("before \($0)").ticket.id }
                try cluster.kill(node: first)
                let second = try cluster.waitForLeader()
                #expect(second != first)
                let survivor = try cluster.client(node: second)
                #expect(Set(try survivor.tickets().map(\.id)).isSuperset(of: acknowledged))
                let later = try (1...10).map { try survivor.createTicket("after \($0)").ticket.id }
                try cluster.start(node: first)
                let restarted = try cluster.client(node: first)
                try eventually("node \(first) applies every write after its restart") {
                    Set(try restarted.tickets(stale: true).map(\.id)).isSuperset(of: acknowledged + later)
                }
            }
        }

        @Test("SIGTERM shuts a node down gracefully; it restarts with its data")
        func gracefulStop() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let follower = cluster.nodeIDs.first { $0 != leader }!
                let written = try cluster.client(node: leader).createTicket("kept").ticket.id
                try eventually("the follower applies the write") {
                    try cluster.client(node: follower).tickets(stale: true).contains { $0.id == written }
                }
                #expect(try cluster.stop(node: follower) == .terminated)
                try cluster.start(node: follower)
                try eventually("the follower serves its data after a restart") {
                    try cluster.client(node: follower).tickets(stale: true).contains { $0.id == written }
                }
            }
        }
    }
}
