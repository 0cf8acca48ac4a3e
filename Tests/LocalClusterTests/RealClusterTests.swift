import Foundation
import LocalCluster
import Testing

/// Found beside the test bundle when the package's executables are built with the tests (as
/// `swift test` does); the suite is skipped where there is none.
private let centerNode = try? CenterNodeLocator.locate()

@Suite(.enabled(if: centerNode != nil, "needs a built center-node"), .serialized)
struct RealClusterTests {
    @Test func upStatusDownAndUpAgainWithTheSameData() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clusterDirectory = directory + "/cluster"
        let first = try LocalClusterControl.up(
            directory: clusterDirectory, nodeCount: 3, centerNode: centerNode,
            leaderWait: LeaderWait.Options(timeoutMs: 30_000))
        defer { _ = try? LocalClusterControl.down(directory: clusterDirectory, graceMs: 5_000) }
        #expect(first.state.nodes.allSatisfy { $0.pid != nil })
        #expect(LocalClusterControl.runningNodes(first.state).count == 3)

        let report = try LocalClusterControl.status(directory: clusterDirectory, timeoutMs: 2_000)
        #expect(report.leader?.id == first.leader.leader)
        #expect(report.nodes.allSatisfy { $0.reachable })
        #expect(report.nodes.allSatisfy { ($0.dbSizeBytes ?? 0) > 0 })

        let stopped = try LocalClusterControl.down(directory: clusterDirectory, graceMs: 5_000)
        #expect(stopped.map(\.outcome) == [.terminated, .terminated, .terminated])
        #expect(try LocalClusterState.load(directory: clusterDirectory).nodes.allSatisfy { $0.pid == nil })

        let again = try LocalClusterControl.up(
            directory: clusterDirectory, centerNode: centerNode, leaderWait: LeaderWait.Options(timeoutMs: 30_000))
        #expect(again.reused)
        #expect(again.state.nodes.map(\.client) == first.state.nodes.map(\.client))
        // The terms were kept on disk, so the new election happens in a later term.
        #expect(again.leader.term > first.leader.term)
    }
}
