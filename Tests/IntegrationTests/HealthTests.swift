import Foundation
import InterflowTesting
import LocalCluster
import Testing

extension RealProcesses {
    @Suite("Health and metrics endpoints")
    struct HealthTests {
        @Test("/health is 200 with a leader and 503 with the reason without one; /metrics shows the node's figures")
        func healthFollowsTheQuorum() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let follower = cluster.nodeIDs.first { $0 != leader }!
                let http = try cluster.record(node: follower).http
                try eventually("the follower reports healthy") { try HTTPGet.fetch("http://\(http)/health").status == 200 }
                #expect(try HTTPGet.fetch("http://\(http)/ready").status == 200)
                #expect(try HTTPGet.fetch("http://\(http)/live").status == 200)
                let metrics = try HTTPGet.get("http://\(try cluster.record(node: leader).http)/metrics")
                for name in ["interflow_term", "interflow_commit_index", "interflow_is_leader 1", "interflow_fsync_latency_seconds_bucket"] {
                    #expect(metrics.contains(name), "\(name) missing from /metrics")
                }
                for id in cluster.nodeIDs where id != follower { try cluster.pause(node: id) }
                try eventually("the isolated follower reports unhealthy with a reason") {
                    let (status, body) = try HTTPGet.fetch("http://\(http)/health")
                    return status == 503 && body.contains("leader")
                }
                // In a minority it cannot serve, so it is not ready; but it is alive and turning.
                #expect(try HTTPGet.fetch("http://\(http)/ready").status == 503)
                #expect(try HTTPGet.fetch("http://\(http)/live").status == 200)
                for id in cluster.nodeIDs where id != follower { try cluster.resume(node: id) }
            }
        }
    }
}
