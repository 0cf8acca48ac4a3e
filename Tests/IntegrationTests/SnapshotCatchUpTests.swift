import ClientAPI
import ClusterConfig
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("Catching up by snapshot")
    struct SnapshotCatchUpTests {
        @Test("a node killed while the leader compacts its log comes back by installing a snapshot, in chunks")
        func farBehindNodeInstallsSnapshot() throws {
            var limits = Limits()
            limits.snapshotEveryEntries = 50
            // Frames of 64 KiB: the snapshot of 220 long tickets is several times that, so it must
            // travel in chunks.
            limits.maxFrameBytes = 64 << 10
            let title = String(repeating: "deferral ", count: 20)
            try withCluster(nodes: 3, limits: limits) { cluster in
                let leader = try cluster.waitForLeader()
                let behind = cluster.nodeIDs.first { $0 != leader }!
                try cluster.kill(node: behind)
                let writer = try cluster.client(node: leader)
                let written = try (1...220).map { try writer.createTicket("\(title)\($0)").ticket.id }
                #expect(try writer.status().node.snapshotIndex >= 200, "the leader compacted past what node \(behind) holds")
                try cluster.start(node: behind)
                let restarted = try cluster.client(node: behind)
                try eventually("node \(behind) has every ticket again") {
                    Set(try restarted.tickets(stale: true).map(\.id)).isSuperset(of: written)
                }
                let installed = cluster.logTail(node: behind, lines: 200).last { $0.contains("installed the leader's snapshot") }
                let bytes = installed.flatMap { $0.split(separator: "(").last?.split(separator: " ").first }.flatMap { Int($0) }
                #expect((bytes ?? 0) > limits.maxFrameBytes, "\(installed ?? "no snapshot installed")")
            }
        }
    }
}
