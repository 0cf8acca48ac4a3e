import ClientAPI
import ContactCenter
@testable import Drills
import Foundation
import LocalCluster
import Testing

@Suite("Drill plans, built-ins and reports")
struct DrillPlanTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every example plan in Deploy/drills loads, JSON and YAML alike")
    func examples() throws {
        let folder = Self.root.appendingPathComponent("Deploy/drills").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            let plan = try DrillPlan.load(path: folder + "/" + file)
            #expect(plan.problem == nil, "\(file)")
        }
        let yaml = try DrillPlan.load(path: folder + "/wuhan-blackout.yaml")
        #expect(yaml.fault == DrillFaultSpec(kind: .centerBlackout, centers: ["wuhan"]) && yaml.hypothesis.minServiceLevel == 0.6)
    }

    @Test("a bad plan names its file and the field", arguments: [
        (#"{"name": "x", "fault": {"kind": "center-blackout", "centers": []}, "durationMs": 5000, "hypothesis": {"quorum": true}, "abort": {}, "load": {"ticketAppendsPerSecond": 1}, "recoveryTimeoutMs": 5000}"#, "fault.centers"),
        (#"{"name": "x", "fault": {"kind": "slow-disk", "centers": ["wuhan"]}, "durationMs": 5000, "hypothesis": {"quorum": true}, "abort": {}, "load": {"ticketAppendsPerSecond": 1}, "recoveryTimeoutMs": 5000}"#, "fault.delayMs"),
        (#"{"name": "x", "fault": {"kind": "pause", "centers": ["wuhan"]}, "durationMs": 50, "hypothesis": {"quorum": true}, "abort": {}, "load": {"ticketAppendsPerSecond": 1}, "recoveryTimeoutMs": 5000}"#, "durationMs"),
        (#"{"name": "x", "fault": {"kind": "earthquake", "centers": ["wuhan"]}}"#, "fault.kind"),
        (#"{"name": "x"}"#, "fault: missing"),
    ])
    func badPlans(text: String, field: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try DrillPlan.load(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path): \(field)")
        }
    }

    @Test("every built-in makes a valid plan with the centers it needs")
    func builtins() {
        for kind in DrillFaultSpec.Kind.allCases {
            let centers = kind == .twoCentersDark ? ["wuhan", "hefei"] : ["wuhan"]
            let plan = DrillBuiltins.plan(kind, centers: centers, backup: "chengdu")
            #expect(plan.problem == nil, "\(kind)")
        }
        #expect(DrillBuiltins.summaries.map(\.0) == DrillFaultSpec.Kind.allCases)
    }

    @Test("a watchdog runs its command at its deadline, the arguments untouched by the shell")
    func watchdog() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/it ran; $(echo not a command)"
        let watchdog = try DrillFaultAction.watchdog(running: ["/usr/bin/touch", target], afterMs: 100)
        #expect(!FileManager.default.fileExists(atPath: target), "not before its deadline")
        // Its exit, waited for with a bound: the command has run by then.
        let ended = DispatchGroup()
        DispatchQueue.global().async(group: ended) { watchdog.waitUntilExit() }
        if ended.wait(timeout: .now() + .seconds(10)) == .timedOut { kill(watchdog.processIdentifier, SIGKILL) }
        #expect(FileManager.default.fileExists(atPath: target))
    }

    @Test("RTO: the committed reroute of every target center, or the next election after a leader kill")
    func recoveryTime() {
        func event(_ kind: EventKind, _ center: String?, _ text: String, _ atMs: Int64) -> EventRecord {
            EventRecord(index: 1, atMs: atMs, kind: kind, center: center, text: text, cause: "system")
        }
        let events = [
            event(.centerStatus, "wuhan", "center wuhan up → dark (node-silent)", 900),  // before the fault: not it
            event(.leaderElected, "hefei", "node 5 elected", 1_200),
            event(.centerStatus, "wuhan", "center wuhan up → dark (node-silent)", 3_000),
            event(.centerStatus, "hefei", "center hefei up → dark (node-silent)", 3_400),
        ]
        #expect(DrillRunner.recoveryTime(DrillFaultSpec(kind: .centerBlackout, centers: ["wuhan"]), events: events, faultAtMs: 1_000) == 2_000)
        #expect(DrillRunner.recoveryTime(DrillFaultSpec(kind: .twoCentersDark, centers: ["wuhan", "hefei"]), events: events, faultAtMs: 1_000) == 2_400)
        #expect(DrillRunner.recoveryTime(DrillFaultSpec(kind: .leaderKill), events: events, faultAtMs: 1_000) == 200)
        #expect(DrillRunner.recoveryTime(DrillFaultSpec(kind: .centerKill, centers: ["nanning"]), events: events, faultAtMs: 1_000) == nil)
        #expect(DrillRunner.recoveryTime(DrillFaultSpec(kind: .slowDisk, centers: ["wuhan"], delayMs: 5), events: events, faultAtMs: 1_000) == nil)
    }
}

@Suite("The simulated floor's plan and dice")
struct FloorPlanTests {
    @Test("the same seed draws the same arrivals, segments and handle times; the mix and the mean hold")
    func seeded() {
        var first = FloorDice(seed: 7)
        var second = FloorDice(seed: 7)
        let a = (0..<1_000).map { _ in first.exponentialMs(meanMs: 100) }
        let b = (0..<1_000).map { _ in second.exponentialMs(meanMs: 100) }
        #expect(a == b)
        let mean = a.reduce(0, +) / Double(a.count)
        #expect(mean > 85 && mean < 115, "\(mean)")
        var dice = FloorDice(seed: 9)
        let segments = (0..<10_000).map { _ in dice.segment([.emergency: 2, .greenChannel: 10]) }
        let emergency = segments.filter { $0 == .emergency }.count
        let green = segments.filter { $0 == .greenChannel }.count
        #expect((150...250).contains(emergency) && (850...1_150).contains(green), "\(emergency) \(green)")
    }

    @Test("bad figures are refused with the option's name")
    func problems() {
        #expect(FloorPlan(arrivalsPerHourPerBranch: [.voice: 60]).problem(branches: 31) == nil)
        #expect(FloorPlan(arrivalsPerHourPerBranch: [:]).problem(branches: 31)?.hasPrefix("--arrivals-per-hour") == true)
        #expect(FloorPlan(arrivalsPerHourPerBranch: [.voice: 1e9]).problem(branches: 31)?.hasPrefix("--arrivals-per-hour") == true)
        #expect(FloorPlan(arrivalsPerHourPerBranch: [.voice: 60], segmentPercent: [.emergency: 90, .greenChannel: 20]).problem(branches: 31)?.hasPrefix("--segments") == true)
        #expect(FloorPlan(arrivalsPerHourPerBranch: [.voice: 60], agentsPerCenter: 501).problem(branches: 31)?.hasPrefix("--agents-per-center") == true)
    }
}

/// The center-node executable beside the test bundle; the real drills are skipped without it.
private let centerNode = try? CenterNodeLocator.locate()

@Suite("Drills on a real local cluster", .enabled(if: centerNode != nil, "needs a built center-node"), .serialized)
struct DrillRunTests {
    static let topology = DrillPlanTests.root.appendingPathComponent("Deploy/topology/china-2020.json").path

    /// A 3-node cluster (chengdu, wuhan, guangzhou) with the 2020 topology loaded; `down` afterwards by pid.
    static func withCluster(_ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = directory + "/cluster"
        _ = try LocalClusterControl.up(directory: cluster, nodeCount: 3, centerNode: centerNode, leaderWait: LeaderWait.Options(timeoutMs: 30_000))
        defer { _ = try? LocalClusterControl.down(directory: cluster, graceMs: 5_000) }
        let topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: Self.topology)))
        _ = try AdminCall.leader(directory: cluster, .topologyLoad, topology, as: ContactCenterAnswer.self)
        try body(cluster)
    }

    static func run(_ plan: DrillPlan, on cluster: String) throws -> DrillReport {
        let runner = DrillRunner(directory: cluster, plan: plan, progress: { _ in }, interrupted: { false })
        let report = try runner.run()
        let files = try DrillReports(clusterDirectory: cluster).save(report)
        #expect(files.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        return report
    }

    static func checkTimeline(_ report: DrillReport) {
        #expect(report.timeline.map(\.atMs) == report.timeline.map(\.atMs).sorted())
        let injected = report.timeline.firstIndex { $0.what.hasPrefix("fault injected") }
        let removed = report.timeline.firstIndex { $0.what.hasPrefix("fault removed") }
        #expect(injected != nil && removed != nil && injected! < removed!)
    }

    @Test("center-blackout of Wuhan under load: rerouted within seconds, RPO 0, the timeline in order, the fault gone")
    func centerBlackout() throws {
        try Self.withCluster { cluster in
            // Failback shortened so that its steps fall within the drill, which waits for them.
            let quick = SettingsChange(values: ["holdDownMs": 1_000, "failbackStepIntervalMs": 300])
            _ = try AdminCall.leader(directory: cluster, .settingsUpdate, SettingsUpdateArgs(quick), as: ContactCenterAnswer.self)
            var plan = DrillBuiltins.plan(.centerBlackout, centers: ["wuhan"], durationMs: 6_000, appendsPerSecond: 40)
            plan.waitForFailback = true
            let report = try Self.run(plan, on: cluster)
            #expect(report.timeline.contains { $0.source == "cluster" && $0.what.hasPrefix("failback-step wuhan") })
            #expect(report.timeline.contains { $0.what == "failback complete: wuhan up" })
            #expect(report.verdict == .held, "\(report.reasons)")
            #expect(report.targetNodes == [2])
            let rto = try #require(report.rtoMs)
            #expect(rto > 0 && rto < 6_000)
            #expect(report.audit.acknowledged > 50 && report.audit.lost == 0 && report.audit.duplicated == 0)
            Self.checkTimeline(report)
            let dark = report.timeline.firstIndex { $0.source == "cluster" && $0.what.contains("wuhan") && $0.what.contains("→ dark") }
            let injected = report.timeline.firstIndex { $0.what.hasPrefix("fault injected") }
            #expect(dark != nil && injected! < dark!)
            // The drill wrote its own start and end into the cluster's history.
            #expect(report.timeline.contains { $0.source == "cluster" && $0.what.hasPrefix("drill-started wuhan") })
            #expect(report.timeline.contains { $0.source == "cluster" && $0.what.hasPrefix("drill-finished wuhan") && $0.what.contains("verdict held") })
            #expect(try AdminCall.node(directory: cluster, id: 2, .faultList, NoArguments(), as: FaultState.self).faults.isEmpty)
            let html = DrillReportPage.html(report)
            #expect(html.contains("<svg") && html.contains("<polyline") && !html.contains("<script") && !html.contains("src="))
            #expect(DrillReportText.markdown(report).contains("| RPO (acknowledged writes lost) | 0 of \(report.audit.acknowledged)"))
        }
    }

    @Test("the simulated floor on a real cluster: contacts arrive, agents answer and complete them, every operation recorded")
    func floor() throws {
        try Self.withCluster { cluster in
            let topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: Self.topology)))
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString).jsonl").path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let record = try #require(FileHandle(forWritingAtPath: path))
            let plan = FloorPlan(seed: 3, arrivalsPerHourPerBranch: [.voice: 600], agentsPerCenter: 2, handleMs: 500, wrapUpMs: 100, durationMs: 6_000)
            let tally = try FloorSimulation(
                directory: cluster, plan: plan, topology: topology, record: record, progress: { _ in }, interrupted: { false }
            ).run()
            try record.close()
            #expect(tally.enqueued > 10 && tally.accepted > 0 && tally.completed > 0 && tally.failures == 0, "\(tally)")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == tally.enqueued + tally.accepted + tally.completed)
            #expect(lines.allSatisfy { $0.hasPrefix("{\"op\":\"contact.") })
        }
    }

    @Test("staff-absent at Wuhan: every agent logs off, Wuhan goes dark for staff-absent, and they are logged in again")
    func staffAbsent() throws {
        try Self.withCluster { cluster in
            let tuned = SettingsChange(values: ["staffAbsentDarkAfterMs": 1_000, "channelUnstaffedDarkAfterMs": 60_000])
            _ = try AdminCall.leader(directory: cluster, .settingsUpdate, SettingsUpdateArgs(tuned), as: ContactCenterAnswer.self)
            // Two agents on email, which the simulated customers do not use: never offered a
            // contact, so the drill logs them off at once and must log them in again.
            for agent in ["wuhan-1", "wuhan-2"] {
                _ = try AdminCall.leader(
                    directory: cluster, .agentLogin, AgentLoginArgs(agent: agent, center: "wuhan", skills: ["general"], channels: [.email]),
                    as: ContactCenterAnswer.self)
            }
            // With simulated customers and agents, so that the report has service levels and the
            // first of Wuhan's contacts served elsewhere. Wuhan serves 2 of 31 branches: at 3,000
            // contacts an hour each, 1.7 of its contacts a second, about 10 in the 6 s it is dark,
            // so that none arriving then is a chance of about one in twenty thousand.
            // Short calls, so that Wuhan's simulated agents come free, and go home, within a second.
            var plan = DrillBuiltins.plan(
                .staffAbsent, centers: ["wuhan"], durationMs: 8_000, appendsPerSecond: 20, contactsPerHourPerBranch: 3_000,
                topology: Self.topology)
            plan.load.handleMs = 300
            let report = try Self.run(plan, on: cluster)
            #expect(report.rtoMs != nil, "\(report.timeline.map(\.what))")
            #expect(report.timeline.contains { $0.what.contains("center wuhan up → dark (staff-absent)") })
            #expect(report.timeline.contains { $0.source == "load" && $0.what.hasPrefix("first contact of wuhan's branches served elsewhere") })
            #expect(report.serviceLevelBefore != nil && report.serviceLevelDuring != nil)
            #expect(report.audit.lost == 0 && report.audit.duplicated == 0)
            Self.checkTimeline(report)
            let present = try AdminCall.leader(directory: cluster, .agentList, AgentListArgs(center: "wuhan"), as: AgentPage.self)
            #expect(present.agents.filter { $0.state != .offline && !$0.id.hasPrefix("load-") }.map(\.id) == ["wuhan-1", "wuhan-2"])
        }
    }

    @Test("an abort condition that trips removes the fault at once and the report says aborted")
    func abortCondition() throws {
        try Self.withCluster { cluster in
            // Two of three centers cut off: the third has no quorum, and no leader soon after.
            var plan = DrillBuiltins.plan(.twoCentersDark, centers: ["wuhan", "guangzhou"], durationMs: 60_000, appendsPerSecond: 10)
            plan.abort = AbortConditions(maxNoQuorumMs: 300)
            let started = ContinuousClock.now
            let report = try Self.run(plan, on: cluster)
            #expect(report.verdict == .aborted)
            #expect(report.reasons.contains { $0.contains("no leader for more than 300 ms") })
            #expect(started.duration(to: .now) < .seconds(50), "aborted long before the planned minute")
            for node in [UInt64(2), 3] {
                #expect(try AdminCall.node(directory: cluster, id: node, .faultList, NoArguments(), as: FaultState.self).faults.isEmpty)
            }
            #expect(report.audit.lost == 0 && report.audit.duplicated == 0)
            Self.checkTimeline(report)
        }
    }

    @Test("drill abort from elsewhere: the running drill rolls back and reports aborted")
    func abortRequest() throws {
        try Self.withCluster { cluster in
            // As `clusterctl drill run` and, from another terminal, `clusterctl drill abort` do.
            let reports = DrillReports(clusterDirectory: cluster)
            let plan = DrillBuiltins.plan(.linkDelay, centers: ["wuhan"], durationMs: 60_000, appendsPerSecond: 10)
            let runner = DrillRunner(
                directory: cluster, plan: plan, progress: { line in if line.contains("fault injected") { try? reports.requestAbort() } },
                interrupted: { reports.abortRequested })
            let report = try runner.run()
            reports.clearAbortRequest()
            #expect(report.verdict == .aborted && report.reasons.contains { $0.hasPrefix("interrupted") })
            #expect(try AdminCall.node(directory: cluster, id: 2, .faultList, NoArguments(), as: FaultState.self).faults.isEmpty)
            #expect(!reports.abortRequested)
        }
    }
}
