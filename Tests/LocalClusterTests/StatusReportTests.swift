import Foundation
import LocalCluster
import Testing

/// Status answers as a node sends them, decoded from JSON so the wire shape is what is tested.
private func answer(
    id: UInt64, role: String, term: UInt64, leader: UInt64?, commit: UInt64 = 10, members: String = "[]"
) throws -> StatusProbe.Answer {
    let leaderJSON = leader.map { #"{"id": \#($0), "client": "tcp://127.0.0.1:700\#($0)"}"# } ?? "null"
    let json = """
        {"node": {"id": \(id), "center": "\(Centers.name(ofNode: id))", "role": "\(role)", "term": \(term),
                  "commitIndex": \(commit), "appliedIndex": \(commit - 1), "lastIndex": \(commit),
                  "snapshotIndex": 0, "dbSizeBytes": 1258291, "uptimeMs": 5000},
         "leader": \(leaderJSON), "members": \(members)}
        """
    return try decodeSuccess(Data(json.utf8))
}

/// Decodes the success type of `Answer` without naming it (it lives in ClientAPI).
private func decodeSuccess<Status: Decodable, Failure>(_ json: Data) throws -> Result<Status, Failure> {
    .success(try JSONDecoder().decode(Status.self, from: json))
}

private let leaderMembers = """
    [{"id": 1, "center": "chengdu", "peer": "p1", "client": "c1", "voter": true, "lagEntries": 0, "lastContactMs": 0},
     {"id": 2, "center": "wuhan", "peer": "p2", "client": "c2", "voter": true, "lagEntries": 3, "lastContactMs": 42},
     {"id": 3, "center": "guangzhou", "peer": "p3", "client": "c3", "voter": false, "lagEntries": 120, "lastContactMs": 900}]
    """

private func records(_ count: UInt64) -> [LocalClusterState.NodeRecord] {
    (1...count).map { id in
        .init(
            id: id, center: Centers.name(ofNode: id), configPath: "/c/\(id)", logPath: "/l/\(id)", pid: Int32(100 + id),
            peer: "tcp://127.0.0.1:710\(id)", client: "tcp://127.0.0.1:720\(id)", http: "127.0.0.1:730\(id)",
            publicKey: "/k/\(id)")
    }
}

@Suite struct StatusReportTests {
    @Test func mergesTheLeadersViewOfLagIntoEveryRow() throws {
        let answers: [UInt64: StatusProbe.Answer] = [
            1: try answer(id: 1, role: "leader", term: 4, leader: 1, members: leaderMembers),
            2: try answer(id: 2, role: "follower", term: 4, leader: 1),
            3: .failure(.init(message: "timeout: no answer")),
        ]
        let report = ClusterStatusReport.merge(nodes: records(3), answers: answers)
        #expect(report.leader?.id == 1)
        #expect(report.leader?.term == 4)
        #expect(report.nodes[1].lagEntries == 3)
        #expect(report.nodes[1].lastContactMs == 42)
        #expect(report.nodes[1].role == "follower")
        #expect(report.nodes[2].role == ClusterStatusReport.unreachableRole)
        #expect(report.nodes[2].error == "timeout: no answer")
        #expect(report.nodes[2].term == nil)

        let table = StatusTable.render(report)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("leader: node 1 (chengdu), term 4"))
        #expect(lines[1].hasPrefix("NODE  CENTER"))
        #expect(lines[1].contains("LAST CONTACT"))
        #expect(lines[1].hasSuffix("DB SIZE"))
        #expect(lines[3].contains("follower"))
        #expect(lines[3].contains("42 ms"))
        #expect(lines[3].contains("1.2 MiB"))
        #expect(lines[4].contains("unreachable"))
        #expect(lines[4].hasSuffix("-"))
        #expect(table.contains("node 3: timeout: no answer"))
    }

    @Test func saysNoLeaderPlainly() throws {
        let answers: [UInt64: StatusProbe.Answer] = [
            1: try answer(id: 1, role: "candidate", term: 9, leader: nil),
            2: .failure(.init(message: "timeout")),
        ]
        let report = ClusterStatusReport.merge(nodes: records(2), answers: answers)
        #expect(report.leader == nil)
        #expect(StatusTable.render(report).hasPrefix("NO LEADER"))
    }

    @Test func theNewestTermsLeaderWinsOverADeposedOne() throws {
        let answers: [UInt64: StatusProbe.Answer] = [
            1: try answer(id: 1, role: "leader", term: 3, leader: 1),
            2: try answer(id: 2, role: "leader", term: 5, leader: 2),
            3: try answer(id: 3, role: "follower", term: 5, leader: 2),
        ]
        #expect(ClusterStatusReport.merge(nodes: records(3), answers: answers).leader?.id == 2)
    }

    @Test func theJSONFormDecodesBack() throws {
        let answers: [UInt64: StatusProbe.Answer] = [1: try answer(id: 1, role: "leader", term: 2, leader: 1)]
        let report = ClusterStatusReport.merge(nodes: records(1), answers: answers)
        let decoded = try JSONDecoder().decode(ClusterStatusReport.self, from: PrettyJSON.encode(report))
        #expect(decoded == report)
    }

    @Test func agreementNeedsEveryNodeToNameTheSameLeaderInOneTerm() throws {
        let agreed: [UInt64: StatusProbe.Answer] = [
            1: try answer(id: 1, role: "leader", term: 2, leader: 1),
            2: try answer(id: 2, role: "follower", term: 2, leader: 1),
        ]
        #expect(LeaderWait.agreement(agreed) == LeaderWait.Agreement(leader: 1, term: 2))

        var silent = agreed
        silent[2] = .failure(.init(message: "timeout"))
        #expect(LeaderWait.agreement(silent) == nil)

        var behind = agreed
        behind[2] = try answer(id: 2, role: "follower", term: 1, leader: 1)
        #expect(LeaderWait.agreement(behind) == nil)

        let unconfirmed: [UInt64: StatusProbe.Answer] = [
            1: try answer(id: 1, role: "follower", term: 2, leader: 3),
            2: try answer(id: 2, role: "follower", term: 2, leader: 3),
        ]
        #expect(LeaderWait.agreement(unconfirmed) == nil)
    }

    @Test func sizesReadLikeAPersonWouldWriteThem() {
        #expect(ByteSize.format(0) == "0 B")
        #expect(ByteSize.format(1_023) == "1023 B")
        #expect(ByteSize.format(1_024) == "1.0 KiB")
        #expect(ByteSize.format(1_258_291) == "1.2 MiB")
        #expect(ByteSize.format(5 * 1_073_741_824) == "5.0 GiB")
    }
}
