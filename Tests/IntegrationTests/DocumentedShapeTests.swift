import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import LocalCluster
import Testing

extension RealProcesses {
    /// What docs/API.md promises of answers' shapes and of where admin operations may be sent, each
    /// checked on the wire against a real cluster.
    @Suite("Answers as documented")
    struct DocumentedShapeTests {
        /// The answer's `result` (or whole answer) as a JSON object, to see which fields it has.
        static func object(_ client: APIClient, _ body: String) throws -> [String: Any] {
            let bytes = try #require(try client.exchangeRaw(Array(body.utf8), timeoutMs: 5_000))
            return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }

        @Test("on a follower, admin writes are forwarded; operations on the leader's own core answer not_leader with the leader")
        func adminOperationsOnAFollower() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let followerID = cluster.nodeIDs.first { $0 != leader }!
                let follower = try cluster.client(node: followerID)
                let topology = try ContactCenterTests.topology()
                _ = try follower.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
                _ = try follower.call(.centerDrain, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                // interflow_proposals_total counts the writes a follower forwards, as its help says.
                let metrics = try HTTPGet.get("http://\(try cluster.record(node: followerID).http)/metrics")
                #expect(metrics.contains("forwarded to the leader as a follower"))
                let proposals = metrics.split(separator: "\n").first { $0.hasPrefix("interflow_proposals_total ") }
                #expect((proposals.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) >= 2, "\(proposals ?? "no series")")
                for (op, args) in [(APIOperation.leaderTransfer, #"{}"#), (.memberPromote, #"{"id":\#(leader)}"#)] {
                    let answer = try Self.object(follower, #"{"v":1,"op":"\#(op.rawValue)","requestId":"x-\#(op.rawValue)","args":\#(args)}"#)
                    let error = try #require(answer["error"] as? [String: Any])
                    #expect(error["code"] as? String == "not_leader", "\(op): \(answer)")
                    #expect((error["leader"] as? [String: Any])?["id"] as? Int == Int(leader))
                }
            }
        }

        @Test("optional args may be left out, documented bounds hold, and dry-run and write answers have the documented fields")
        func shapesAndBounds() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let topology = try ContactCenterTests.topology()
                _ = try admin.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
                for op in ["center.stats", "contact.list", "agent.list", "ticket.list", "events.list"] {
                    let answer = try Self.object(admin, #"{"v":1,"op":"\#(op)"}"#)
                    #expect(answer["ok"] as? Bool == true, "\(op) without args: \(answer)")
                }
                let bounds: [(String, String, String)] = [
                    ("center.stats", #"{"intervals":0}"#, "args.intervals"), ("center.stats", #"{"intervals":-1}"#, "args.intervals"),
                    ("center.stats", #"{"intervals":97}"#, "args.intervals"), ("center.stats", #"{"intervals":100000}"#, "args.intervals"),
                    ("center.stats", #"{"fromMs":-1}"#, "args.fromMs"), ("agent.list", #"{"limit":0}"#, "args.limit"),
                    ("contact.list", #"{"limit":5000}"#, "args.limit"), ("ticket.list", #"{"limit":1001}"#, "args.limit"),
                ]
                for (op, args, field) in bounds {
                    let answer = try Self.object(admin, #"{"v":1,"op":"\#(op)","args":\#(args)}"#)
                    let error = answer["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "bad_request" && (error?["message"] as? String)?.hasPrefix(field + ": must be") == true,
                        "\(op) \(args): \(answer)")
                }
                let dryRun = try Self.object(admin, #"{"v":1,"op":"route.explain","args":{"branch":"hubei","channel":"sms"}}"#)
                let explained = try #require(dryRun["result"] as? [String: Any])
                #expect(Set(explained.keys) == ["branch", "requestedChannel", "center", "channel", "reason", "steps"], "\(explained)")
                #expect((explained["steps"] as? [[String: Any]])?.first.map { Set($0.keys) } == ["rule", "detail"])
                // A write's answer, first and retried: the ticket and the index, nothing undocumented.
                let create = #"{"v":1,"op":"ticket.create","requestId":"shape-1","args":{"title":"t"}}"#
                for _ in 0..<2 {
                    let result = try #require(try Self.object(admin, create)["result"] as? [String: Any])
                    #expect(Set(result.keys) == ["appliedIndex", "ticket"], "\(result)")
                }
                let centers = try admin.call(.centerStatus, NoArguments(), as: [CenterStatusRecord].self)
                #expect(centers.allSatisfy { $0.status == .up && $0.failbackPercent == 100 })
            }
        }

        @Test("right after an election the new leader shows no lag for caught-up followers; without a leader `leader` is absent")
        func statusAfterAnElection() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                for number in 1...100 { _ = try admin.createTicket("before the election \(number)") }
                let moved = try admin.call(.leaderTransfer, LeaderTransferArgs(), as: LeaderTransferResult.self)
                let newLeader = try cluster.client(node: moved.to)
                var looks = 0
                let deadline = ContinuousClock.now + .seconds(10)
                while looks < 50, ContinuousClock.now < deadline {
                    let status = try newLeader.status()
                    guard status.node.role == "leader" else { continue }
                    looks += 1
                    for member in status.members where member.id != moved.to {
                        #expect((member.lagEntries ?? 0) < 50, "member \(member.id) shown \(member.lagEntries ?? 0) behind")
                    }
                }
                #expect(looks == 50, "node \(moved.to) never showed itself leader")
                let lone = moved.to
                for id in cluster.nodeIDs where id != lone { try cluster.pause(node: id) }
                defer { for id in cluster.nodeIDs where id != lone { try? cluster.resume(node: id) } }
                try eventually("node \(lone) no longer knows a leader, and says so by leaving `leader` out") {
                    let answer = try Self.object(newLeader, #"{"v":1,"op":"cluster.status"}"#)
                    let result = try #require(answer["result"] as? [String: Any])
                    return result["leader"] == nil && !(result.keys.contains("leader"))
                        && (result["node"] as? [String: Any])?["role"] as? String != "leader"
                }
            }
        }
    }
}
