import ClientAPI
import ClusterConfig
import ContactCenter
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
                // Counters reach /metrics with the next tick's publish, not with the answer.
                try eventually("the leader counts the oversized request") {
                    try sample(HTTPGet.get("http://\(target.http)/metrics"), #"interflow_frames_dropped_total{reason="client_oversized"}"#) >= 1
                }
                try eventually("the leader counts the dropped frames") {
                    try sample(HTTPGet.get("http://\(target.http)/metrics"), #"interflow_frames_dropped_total{reason="malformed"}"#) > 0
                }
                _ = try client.createTicket("still serving")
            }
        }

        @Test("requests are decoded strictly: each error names the field and what it takes, and never echoes a large input")
        func strictRequests() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let client = try cluster.client(node: leader)
                func answer(_ body: String) throws -> Response<NoArguments> {
                    let bytes = try #require(try client.exchangeRaw(Array(body.utf8), timeoutMs: 5_000))
                    #expect(bytes.count < 2_000, "an answer of \(bytes.count) bytes to a bad request")
                    return try APIJSON.decode(Response<NoArguments>.self, from: bytes)
                }
                let long = String(repeating: "x", count: 1 << 20)
                let cases: [(String, String)] = [
                    (#"{"v":1,"op":"ticket.get","args":{"ticketId":1.5}}"#, "args.ticketId: must be a whole number from -9223372036854775808 to 9223372036854775807, not 1.5"),
                    (#"{"v":1,"op":"ticket.get","args":{"ticketId":18446744073709551616}}"#, "args.ticketId: must be a whole number from"),
                    (#"{"v":1,"op":"ticket.get","args":{"ticketId":1e309}}"#, "args.ticketId: must be a whole number from"),
                    (#"{"v":1.5,"op":"cluster.status"}"#, "v: must be a whole number from"),
                    (#"{"v":1,"op":"ticket.get","args":{"ticketId":1,"tiketId":2}}"#, "args.tiketId: is not a known field: did you mean `ticketId`?"),
                    (#"{"v":1,"op":"cluster.status","requestID":"a"}"#, "requestID: is not a known field: did you mean `requestId`?"),
                    (#"{"v":1,"op":"cluster.status","op":"ticket.get"}"#, "op: is given twice"),
                    (#"{"v":1,"op":"ticket.create","requestId":"c1","args":{"title":"t","category":"blah"}}"#, "args.category: must be one of "),
                    (#"{"v":1,"op":"ticket.create","requestId":"c2","args":{"title":"t","category":"\#(long)"}}"#, "args.category: must be one of "),
                    (#"{"v":1,"op":"ticket.create","requestId":"c3","args":{"title":"t","dueAtMs":-1}}"#, "args.dueAtMs: must be 0 or more"),
                    (#"{"v":1,"op":"ticket.create","requestId":"","args":{"title":"t"}}"#, "requestId: a write needs one"),
                    (#"{"v":1,"op":"cluster.status","requestId":"\#(String(repeating: "r", count: 100_000))"}"#, "requestId: longer than 128 characters"),
                    (#"{"v":1,"op":"no.such.op\#(long)"}"#, "no operation"),
                ]
                for (body, says) in cases {
                    let decoded = try answer(body)
                    #expect(decoded.error?.code == .badRequest || (says == "no operation" && decoded.error?.code == .unknownOperation))
                    #expect(decoded.error?.message.hasPrefix(says) == true, "\(body.prefix(120)): \(decoded.error?.message ?? "no error")")
                    #expect((decoded.requestId ?? "").count <= 128)
                }
                // Two frames are not a request and its envelope: refused, not half read.
                let record = try cluster.record(node: leader)
                let context = try ZeroMQContext()
                defer { context.close() }
                let raw = try ZeroMQSocket(context: context, type: .dealer)
                defer { raw.close() }
                try raw.configureCurveClient(keyPair: try keyFiles(cluster, "client"), serverPublicKey: CurveKey(contentsOfFile: record.publicKey))
                try raw.connect(record.client)
                let status = Array(#"{"v":1,"op":"cluster.status"}"#.utf8)
                #expect(try raw.send([status, status], timeoutMs: 5_000))
                let twoFrames = try #require(try raw.receive(timeoutMs: 5_000))
                let refused = try APIJSON.decode(Response<NoArguments>.self, from: try #require(twoFrames.frames.last))
                #expect(refused.error?.code == .badRequest && refused.error?.message.hasPrefix("a request is one frame") == true)
                #expect(try raw.receive(timeoutMs: 300) == nil, "one answer for one message")

                // A valid enum value still passes, and a list of the valid ones is in the refusal.
                let refusal = try answer(#"{"v":1,"op":"ticket.create","requestId":"c4","args":{"title":"t","category":"blah"}}"#)
                #expect(refusal.error?.message.contains(TicketCategory.allCases.map(\.rawValue).joined(separator: ", ")) == true)
                _ = try client.call(.ticketCreate, TicketCreateArgs(title: "fine", category: .complaint), requestID: "c5", as: TicketWriteResult.self)
            }
        }

        @Test("with a topology loaded, a ticket goes only to one of its centers and is escalated only to one of its branches")
        func ticketPlaces() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let topology = try ContactCenterTests.topology()
                _ = try admin.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
                let atlantis = #expect(throws: APIError.self) {
                    try admin.call(.ticketCreate, TicketCreateArgs(title: "t", center: "atlantis"), as: TicketWriteResult.self)
                }
                #expect(atlantis?.code == .badRequest && atlantis?.message.hasPrefix("args.center: no center \"atlantis\"") == true)
                let ticket = try admin.call(.ticketCreate, TicketCreateArgs(title: "t", center: "wuhan"), as: TicketWriteResult.self).ticket
                let nowhere = #expect(throws: APIError.self) {
                    try admin.call(
                        .ticketUpdate, TicketUpdateArgs(ticketId: ticket.id, state: .escalated, escalatedTo: "nowhere"), as: TicketWriteResult.self)
                }
                #expect(nowhere?.message.hasPrefix("args.escalatedTo: no branch \"nowhere\"") == true)
                let branch = try #require(topology.centers.first { $0.id == "wuhan" }?.branches.first)
                let escalated = try admin.call(
                    .ticketUpdate, TicketUpdateArgs(ticketId: ticket.id, state: .escalated, escalatedTo: branch), as: TicketWriteResult.self)
                #expect(escalated.ticket.escalatedTo == branch)
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
                    try sample(HTTPGet.get("http://\(target.http)/metrics"), "interflow_handshakes_refused_total") >= 2
                }
                let metrics = try HTTPGet.get("http://\(target.http)/metrics")
                #expect(sample(metrics, #"interflow_frames_dropped_total{reason="wrong_sender"}"#) == 0, "a non-peer key got a frame through")
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

/// One series' value in a /metrics page (`series` with its labels as written), 0 when absent.
private func sample(_ metrics: String, _ series: String) -> Double {
    let line = metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }
    return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
}
