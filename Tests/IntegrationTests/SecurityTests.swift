import ClientAPI
import ClusterConfig
import Foundation
import InterflowTesting
import LocalCluster
import Testing
import ZeroMQ

extension RealProcesses {
    @Suite("Bad input and unknown keys")
    struct SecurityTests {
        @Test("a client with an unknown CURVE key gets no answer at all; listed keys do")
        func unknownKeyGetsNothing() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let record = try cluster.record(node: leader)
                let context = try ZeroMQContext()
                defer { context.close() }
                let stranger = try APIClient(
                    context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
                    keyPair: CurveKeyPair.generate())
                defer { stranger.close() }
                #expect(try stranger.exchangeRaw(Array(#"{"v":1,"op":"cluster.status"}"#.utf8), timeoutMs: 1_500) == nil)
                #expect(try cluster.clientKey(node: leader).status().node.id == leader)
                try eventually("the refused handshake is counted") {
                    let metrics = try HTTPGet.get("http://\(record.http)/metrics")
                    return metrics.contains("interflow_handshakes_refused_total") && !metrics.contains("interflow_handshakes_refused_total 0")
                }
            }
        }

        @Test("admin operations need the admin key")
        func adminOnly() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let refused = #expect(throws: APIError.self) {
                    try cluster.clientKey(node: leader).call(.leaderTransfer, LeaderTransferArgs(), as: LeaderTransferResult.self)
                }
                #expect(refused?.code == .forbidden)
                let moved = try cluster.client(node: leader).call(.leaderTransfer, LeaderTransferArgs(), as: LeaderTransferResult.self)
                try eventually("leadership moves to node \(moved.to)") { try cluster.waitForLeader(timeoutMs: 2_000) == moved.to }
            }
        }

        @Test("malformed or oversized requests get an error answer, malformed peer frames are dropped; the node keeps serving")
        func malformedInput() throws {
            var limits = Limits()
            limits.maxFrameBytes = 64 << 10
            try withCluster(nodes: 3, limits: limits) { cluster in
                let leader = try cluster.waitForLeader()
                let client = try cluster.client(node: leader)
                let cases: [(String, ErrorCode)] = [
                    ("not json", .badRequest), ("{}", .badRequest), (#"{"v":2,"op":"cluster.status"}"#, .unsupportedVersion),
                    (#"{"v":1,"op":"ticket.drop"}"#, .unknownOperation),
                    (#"{"v":1,"op":"ticket.get","args":{"ticketId":"seven"}}"#, .badRequest),
                    (#"{"v":1,"op":"ticket.create","args":{"title":"no request id"}}"#, .badRequest),
                ]
                let oversized = #"{"v":1,"op":"cluster.status","pad":""# + String(repeating: "x", count: 80 << 10) + #""}"#
                for (body, code) in cases + [(oversized, .badRequest)] {
                    let answer = try #require(try client.exchangeRaw(Array(body.utf8), timeoutMs: 5_000))
                    let decoded = try APIJSON.decode(Response<NoArguments>.self, from: answer)
                    #expect(decoded.error?.code == code, "\(body)")
                }
                // A write whose arguments are bad: the answer still names the request, and the error the field.
                let badAppend = #"{"v":1,"op":"ticket.append","requestId":"bad-append","args":{"ticketId":"seven","text":"x"}}"#
                let answer = try APIJSON.decode(
                    Response<NoArguments>.self, from: try #require(try client.exchangeRaw(Array(badAppend.utf8), timeoutMs: 5_000)))
                #expect(answer.requestId == "bad-append" && answer.error?.code == .badRequest)
                #expect(answer.error?.message.contains("args.ticketId") == true, "\(answer.error?.message ?? "")")
                // Garbage on the peer port, sent with a real peer's key so that it passes CURVE.
                let follower = cluster.nodeIDs.first { $0 != leader }!
                let target = try cluster.record(node: leader)
                let context = try ZeroMQContext()
                defer { context.close() }
                let socket = try peerSocket(context, to: target, keys: try keyFiles(cluster, "node-\(follower)"))
                defer { socket.close() }
                for garbage in [[UInt8](repeating: 0xFF, count: 64), [1, 1, 0], [1, 200] + [UInt8](repeating: 7, count: 30)] {
                    #expect(try socket.send([garbage], timeoutMs: 5_000))
                }
                try eventually("the leader counts the dropped frames") {
                    try HTTPGet.get("http://\(target.http)/metrics").contains("interflow_frames_dropped_total{reason=\"malformed\"}")
                }
                _ = try client.createTicket("still serving")
            }
        }

        @Test("the peer endpoint admits only member node keys: client and admin keys fail the handshake")
        func peerEndpointAdmitsOnlyPeers() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let target = try cluster.record(node: leader)
                let context = try ZeroMQContext()
                defer { context.close() }
                let sockets = try ["client", "admin"].map { try peerSocket(context, to: target, keys: try keyFiles(cluster, $0)) }
                defer { for socket in sockets { socket.close() } }
                for socket in sockets { _ = try socket.send([[1, 2, 3]], timeoutMs: 1_000) }
                try eventually("both handshakes are counted as refused") {
                    try refusedHandshakes(HTTPGet.get("http://\(target.http)/metrics")) >= 2
                }
                let metrics = try HTTPGet.get("http://\(target.http)/metrics")
                #expect(!metrics.contains("reason=\"wrong_sender\""), "a non-peer key got a frame through to the peer router")
            }
        }
    }
}

private func keyFiles(_ cluster: TestCluster, _ name: String) throws -> CurveKeyPair {
    try CurveKeyPair.load(
        publicKeyPath: "\(cluster.directory)/keys/\(name).pub", secretKeyPath: "\(cluster.directory)/keys/\(name).key")
}

/// A DEALER on a node's peer endpoint with the given keys, as another member (or an impostor) would open.
private func peerSocket(_ context: ZeroMQContext, to target: LocalClusterState.NodeRecord, keys: CurveKeyPair) throws -> ZeroMQSocket {
    let socket = try ZeroMQSocket(context: context, type: .dealer)
    try socket.configureCurveClient(keyPair: keys, serverPublicKey: CurveKey(contentsOfFile: target.publicKey))
    try socket.connect(target.peer)
    return socket
}

private func refusedHandshakes(_ metrics: String) -> Int {
    let line = metrics.split(separator: "\n").first { $0.hasPrefix("interflow_handshakes_refused_total ") }
    return line.flatMap { Int(Double($0.split(separator: " ").last ?? "") ?? 0) } ?? 0
}
