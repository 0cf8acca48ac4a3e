import Drills
import Foundation
import LocalCluster
import Testing

private let centerNode = try? CenterNodeLocator.locate()

/// The chaos lane: real processes, a nemesis and the history checker. One minute runs in CI;
/// `INTERFLOW_CHAOS_SECONDS=600` runs ten, `INTERFLOW_CHAOS_SEED=S` another seed.
@Suite(.enabled(if: centerNode != nil, "needs a built center-node"), .serialized)
struct ChaosTests {
    static var seconds: Int { ProcessInfo.processInfo.environment["INTERFLOW_CHAOS_SECONDS"].flatMap(Int.init) ?? 60 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["INTERFLOW_CHAOS_SEED"].flatMap(UInt64.init) ?? 1 }

    /// A local cluster of `nodes` started with `executable`, stopped by pid and removed afterwards.
    static func withCluster(nodes: Int, executable: String, _ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = directory + "/cluster"
        _ = try LocalClusterControl.up(
            directory: cluster, nodeCount: nodes, centerNode: executable, leaderWait: LeaderWait.Options(timeoutMs: 30_000))
        defer { _ = try? LocalClusterControl.down(directory: cluster, graceMs: 5_000) }
        try body(cluster)
    }

    @Test("a minute of kill -9, SIGSTOP and partitions of nodes and the leader: every history linearizable, nothing acknowledged lost")
    func linearizableUnderTheNemesis() throws {
        try Self.withCluster(nodes: 3, executable: try #require(centerNode)) { cluster in
            var options = ChaosOptions()
            options.durationMs = Self.seconds * 1_000
            options.seed = Self.seed
            let (report, _) = try ChaosRun.run(directory: cluster, options: options) { _ in }
            #expect(report.verdict.valid, "\(report.text)\nreplay: INTERFLOW_CHAOS_SEED=\(Self.seed) swift test --filter ChaosTests")
            #expect(report.nemesis.count >= Self.seconds / 10, "the nemesis hardly acted: \(report.text)")
            #expect(report.verdict.acknowledgedAppends > 100 && report.verdict.reads > 100, "\(report.text)")
        }
    }

    @Test("the checker catches a follower serving reads without ReadIndex (a planted bug)")
    func catchesPlantedStaleReads() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The node's executable, through a script that plants the bug in its environment; the
        // processes are still found by name, since the script execs center-node itself.
        let wrapper = try makeStandIn(
            in: directory, named: "center-node", body: "INTERFLOW_PLANTED_BUG=stale-reads exec \(try #require(centerNode)) \"$@\"")
        try Self.withCluster(nodes: 3, executable: wrapper) { cluster in
            var options = ChaosOptions()
            options.durationMs = 10_000
            options.faults = [.partition, .pause]
            let (report, _) = try ChaosRun.run(directory: cluster, options: options) { _ in }
            #expect(!report.verdict.valid, "the planted stale reads went unseen: \(report.text)")
            #expect(report.verdict.anomalies.contains { $0.kind == .staleRead }, "\(report.text)")
        }
    }
}
