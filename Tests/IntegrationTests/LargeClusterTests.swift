import ClientAPI
import InterflowTesting
import Testing

extension RealProcesses {
    /// Eight processes on two cores: the slowest cluster test, still only seconds long.
    @Suite("Eight centers")
    struct LargeClusterTests {
        @Test("eight nodes elect, replicate, and survive the leader's kill -9")
        func eightNodes() throws {
            try withCluster(nodes: 8) { cluster in
                let first = try cluster.waitForLeader()
                let written = try (1...20).map { try cluster.client(node: first).createTicket("eight \($0)").ticket.id }
                try cluster.kill(node: first)
                let second = try cluster.waitForLeader()
                #expect(second != first)
                let reader = try cluster.client(node: cluster.nodeIDs.first { $0 != first && $0 != second }!)
                #expect(Set(try reader.tickets().map(\.id)).isSuperset(of: written))
                _ = try cluster.client(node: second).createTicket("after the kill")
            }
        }
    }
}
