import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import Testing

@Suite("The centers' section of clusterctl status")
struct CenterTableTests {
    static let centers = [
        CenterStatusRecord(
            id: "chengdu", name: "Chengdu", status: .up, statusSinceMs: 0, holdDownMs: 30_000,
            channels: [
                .voice: ServiceFiguresRecord(
                    queueLength: 12, oldestWaitMs: 41_500, inService: 30, serviceLevel: 0.875, averageSpeedOfAnswerMs: 12_000,
                    abandonmentRate: 0.021, occupancy: 0.81, trafficShare: 0.44),
                .chat: ServiceFiguresRecord(),
                .email: ServiceFiguresRecord(),
            ]),
        CenterStatusRecord(
            id: "wuhan", name: "Wuhan", status: .dark, statusSinceMs: Self.darkAtMs, reason: .staffAbsent, failbackPercent: 0,
            holdDownMs: 30_000, flaps: 2,
            brokenRoutesTo: ["chengdu"], channels: [.voice: ServiceFiguresRecord(), .sms: ServiceFiguresRecord()]),
        CenterStatusRecord(
            id: "changsha", name: "Changsha", status: .up, statusSinceMs: 0, presentAgents: 4, darkChannelsSinceMs: [.sms: Self.darkAtMs + 60_000],
            holdDownMs: 30_000,
            channels: [.sms: ServiceFiguresRecord(), .voice: ServiceFiguresRecord(queueLength: 1, oldestWaitMs: 800)]),
        CenterStatusRecord(
            id: "xian", name: "Xi'an", status: .recovering, statusSinceMs: 0, reason: .nodeSilent, failbackPercent: 25, holdDownMs: 30_000,
            channels: [.voice: ServiceFiguresRecord(queueLength: 2, oldestWaitMs: 130_000, abandonmentRate: 0)]),
    ]

    /// 07:31:02 UTC on 23 January 2020, and the status read 3 min 12 s later.
    static let darkAtMs: Int64 = 1_579_764_662_000
    static let now = Date(timeIntervalSince1970: Double(darkAtMs + 192_000) / 1000)

    static func render(_ centers: [CenterStatusRecord]?, colour: Bool = false) -> String {
        StatusTable.render(report(centers: centers), colour: colour, now: now, timeZone: TimeZone(identifier: "UTC")!)
    }

    static func report(centers: [CenterStatusRecord]?) -> ClusterStatusReport {
        ClusterStatusReport.merge(
            nodes: nodeRecords(1), answers: [1: .success(status(id: 1, role: "leader", applied: 9, centers: centers))])
    }

    static func lines(_ text: String, after marker: String) -> [String] {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = all.firstIndex(where: { $0.hasPrefix(marker) }) else { return [] }
        return Array(all[(start + 1)...])
    }

    @Test func oneRowPerCenterAndChannelWithTrafficStatusFirst() {
        let section = Self.lines(Self.render(Self.centers), after: "centers (as applied by node 1):")
        #expect(section.first?.split(separator: " ").prefix(3) == ["CENTER", "STATUS", "CHANNEL"])
        #expect(section.first?.hasSuffix("SHARE") == true)
        let chengdu = section.filter { $0.hasPrefix("chengdu") }
        // Chat and email had no traffic at all: left out.
        #expect(chengdu.count == 1)
        #expect(chengdu.first?.contains("voice") == true)
        for figure in ["12", "41.5 s", "30", "87.5%", "12.0 s", "2.1%", "81.0%", "44.0%"] {
            #expect(chengdu.first?.contains(figure) == true, "\(figure)")
        }
        // A dark center with no traffic still shows, once, for its status.
        let wuhan = section.filter { $0.hasPrefix("wuhan") }
        #expect(wuhan.count == 1)
        #expect(wuhan.first?.contains("DARK (staff-absent since 07:31:02, 3 min 12 s), 2 flaps") == true)
        // A dark channel shows even with no traffic; the center's other channels keep their status.
        let changsha = section.filter { $0.hasPrefix("changsha") }
        #expect(changsha.contains { $0.contains("up, sms DARK (channel-unstaffed since 07:32:02, 2 min 12 s)") })
        #expect(changsha.contains { $0.contains("voice") && $0.contains("800 ms") && !$0.contains("DARK") })
        let xian = section.filter { $0.hasPrefix("xian") }
        #expect(xian.first?.contains("recovering from node-silent, step 25%") == true)
        #expect(xian.first?.contains("2 min 10 s") == true)
        #expect(section.contains("BROKEN ROUTE wuhan -> chengdu: chengdu refused or did not answer wuhan's overflow; the plan's next center takes it"))
    }

    @Test func alarmsAreRedOnlyWhenAsked() {
        let plain = Self.render(Self.centers)
        #expect(!plain.contains("\u{1B}["))
        let coloured = Self.render(Self.centers, colour: true)
        let red = "\u{1B}[1;31m"
        #expect(coloured.contains(red + "DARK (staff-absent since 07:31:02, 3 min 12 s), 2 flaps\u{1B}[0m"))
        #expect(coloured.contains(red + "up, sms DARK (channel-unstaffed since 07:32:02, 2 min 12 s)\u{1B}[0m"))
        #expect(coloured.contains(red + "BROKEN ROUTE wuhan -> chengdu"))
        // Only alarms are coloured, and the escape codes do not shift the columns.
        #expect(!coloured.contains(red + "up\u{1B}"))
        let stripped = coloured.replacingOccurrences(of: red, with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
        #expect(stripped == plain)
    }

    @Test func noTopologyNoSection() {
        let text = StatusTable.render(Self.report(centers: nil))
        #expect(!text.contains("centers"))
        #expect(!text.contains("SERVICE LEVEL"))
        #expect(text.split(separator: "\n").last?.hasPrefix("1  ") == true)
    }

    @Test func theLeadersCentersAreTheOnesShownAndTheJSONKeepsThem() throws {
        let answers: [UInt64: StatusProbe.Answer] = [
            1: .success(Self.status(id: 1, role: "follower", applied: 20, centers: [Self.centers[0]])),
            2: .success(Self.status(id: 2, role: "leader", applied: 10, centers: [Self.centers[1]])),
        ]
        let nodes = Self.nodeRecords(2)
        let report = ClusterStatusReport.merge(nodes: nodes, answers: answers)
        #expect(report.centers == [Self.centers[1]])
        #expect(report.centersFromNode == 2)
        let decoded = try JSONDecoder().decode(ClusterStatusReport.self, from: PrettyJSON.encode(report))
        #expect(decoded == report)

        // Without a leader, the node that has applied the most.
        var leaderless = answers
        leaderless[2] = .success(Self.status(id: 2, role: "candidate", applied: 10, centers: [Self.centers[1]]))
        let fallback = ClusterStatusReport.merge(nodes: nodes, answers: leaderless)
        #expect(fallback.centers == [Self.centers[0]])
        #expect(fallback.centersFromNode == 1)
    }

    @Test func waitsAndRatiosReadLikeAPersonWouldSayThem() {
        let row = CenterStatusRecord(
            id: "x", name: "X", status: .up, statusSinceMs: 0, holdDownMs: 0,
            channels: [.chat: ServiceFiguresRecord(queueLength: 1, oldestWaitMs: 999)])
        let line = Self.lines(Self.render([row]), after: "centers").dropFirst().first ?? ""
        #expect(line.contains("999 ms"))
        // Nothing answered or offered yet: dashes, not zeros that would look like a 0% service level.
        #expect(line.split(separator: " ").suffix(5) == ["-", "-", "-", "-", "-"])
    }

    @Test func everyStateSaysWhyAndSinceWhen() {
        let drained = CenterStatusRecord(
            id: "hefei", name: "Hefei", status: .draining, statusSinceMs: Self.darkAtMs, reason: .draining, holdDownMs: 60_000,
            channels: [:])
        let holding = CenterStatusRecord(
            id: "wuhan", name: "Wuhan", status: .recovering, statusSinceMs: Self.darkAtMs, reason: .staffAbsent, failbackPercent: 0,
            holdDownMs: 120_000,
            flaps: 1, channels: [:])
        let night = CenterStatusRecord(
            id: "nanning", name: "Nanning", status: .up, statusSinceMs: 0, closedChannels: [.voice], afterHours: .callback,
            holdDownMs: 60_000, channels: [.voice: ServiceFiguresRecord(queueLength: 3, oldestWaitMs: 5_000)])
        let section = Self.lines(Self.render([drained, holding, night]), after: "centers")
        #expect(section.contains { $0.hasPrefix("hefei") && $0.contains("draining (since 07:31:02, 3 min 12 s)") })
        #expect(section.contains { $0.hasPrefix("wuhan") && $0.contains("recovering from staff-absent, hold-down 2 min 0 s, 1 flap") })
        #expect(section.contains { $0.hasPrefix("nanning") && $0.contains("up, voice closed, after hours to callback") })
        // A leader's clock a little ahead of this machine's reads as just now, not as a negative wait.
        let ahead = CenterStatusRecord(
            id: "x", name: "X", status: .dark, statusSinceMs: Self.darkAtMs + 500_000, reason: .nodeSilent, holdDownMs: 0, channels: [:])
        #expect(Self.render([ahead]).contains("DARK (node-silent since 07:39:22, 0 ms)"))
    }

    static func status(id: UInt64, role: String, applied: UInt64, centers: [CenterStatusRecord]?) -> ClusterStatus {
        ClusterStatus(
            node: NodeStatus(
                id: id, center: Centers.name(ofNode: id), role: role, term: 3, commitIndex: applied, appliedIndex: applied,
                lastIndex: applied, snapshotIndex: 0, dbSizeBytes: 0, uptimeMs: 0),
            leader: nil, members: [], centers: centers)
    }

    static func nodeRecords(_ count: UInt64) -> [LocalClusterState.NodeRecord] {
        (1...count).map { id in
            .init(
                id: id, center: Centers.name(ofNode: id), configPath: "/c/\(id)", logPath: "/l/\(id)", pid: nil,
                peer: "p\(id)", client: "c\(id)", http: "h\(id)", publicKey: "/k/\(id)")
        }
    }
}
