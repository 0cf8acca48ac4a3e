import ClientAPI
import ContactCenter
import Drills
import Foundation
import LocalCluster
import Synchronization
import Testing

/// The clusterctl executable built beside center-node, as `swift test` builds every product.
private let executables: (centerNode: String, clusterctl: String)? = {
    guard let centerNode = try? CenterNodeLocator.locate() else { return nil }
    let clusterctl = URL(fileURLWithPath: centerNode).deletingLastPathComponent().appendingPathComponent("clusterctl").path
    return FileManager.default.isExecutableFile(atPath: clusterctl) ? (centerNode, clusterctl) : nil
}()

/// Each command run as an SRE runs it, against a real local cluster, its JSON decoded and checked.
@Suite(.enabled(if: executables != nil, "needs built center-node and clusterctl"), .serialized)
struct ClusterctlCommandTests {
    /// Runs clusterctl, bounded: killed by its pid after `timeoutSeconds`.
    static func clusterctl(_ arguments: [String], timeoutSeconds: Int = 30) throws -> ProcessRun {
        try ProcessRun.run(try #require(executables).clusterctl, arguments, timeoutSeconds: timeoutSeconds)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    /// A clusterctl that runs until stopped, its output collected line by line.
    final class Following: Sendable {
        let process: Process
        let output = Mutex("")
        /// Signalled whenever output arrives, so a reader waits on it rather than polling.
        let arrived = DispatchSemaphore(value: 0)

        init(_ process: Process) {
            self.process = process
        }

        /// The first whole line that contains `text`, waiting at most `timeoutSeconds`.
        func firstLine(containing text: String, timeoutSeconds: Int) throws -> String {
            let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
            while ContinuousClock.now < deadline {
                let lines = output.withLock { $0.split(separator: "\n").map(String.init) }
                if let line = lines.first(where: { $0.contains(text) }) { return line }
                let left = ContinuousClock.now.duration(to: deadline).components
                _ = arrived.wait(timeout: .now() + .milliseconds(Int(left.seconds) * 1_000 + Int(left.attoseconds / 1_000_000_000_000_000) + 1))
            }
            throw TimedOut(description: "no line with \(text) within \(timeoutSeconds) s; got: \(output.withLock { $0 })")
        }

        /// By the pid it was started with.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            (process.standardOutput as? Pipe)?.fileHandleForReading.readabilityHandler = nil
        }
    }

    static func follow(_ arguments: [String]) throws -> Following {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(executables).clusterctl)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let following = Following(process)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            following.output.withLock { $0 += String(decoding: data, as: UTF8.self) }
            following.arrived.signal()
        }
        try process.run()
        return following
    }

    static func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let run = try clusterctl(arguments + ["-o", "json"])
        try #require(run.status == 0, "clusterctl \(arguments.joined(separator: " ")): \(run.errors)")
        return try JSONDecoder().decode(T.self, from: Data(run.output.utf8))
    }

    static let topology = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/topology/china-2020.json").path

    /// A 3-node local cluster in a folder of its own, stopped by pid and removed afterwards.
    static func withCluster(_ body: (String, LocalClusterControl.UpResult) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = directory + "/cluster"
        let up = try LocalClusterControl.up(
            directory: cluster, nodeCount: 3, centerNode: executables?.centerNode, leaderWait: LeaderWait.Options(timeoutMs: 30_000))
        defer { _ = try? LocalClusterControl.down(directory: cluster, graceMs: 5_000) }
        try body(cluster, up)
    }

    @Test("tickets, agents, contacts, routes, health and the capacity plan, each through the CLI against a 3-node cluster")
    func everyCommand() throws {
        try Self.withCluster { cluster, _ in
            let at = ["--cluster", cluster]

            // Tickets.
            let created = try Self.json(TicketWriteResult.self, at + ["ticket", "create", "Card retained", "--center", "wuhan", "--text", "called"])
            #expect(created.ticket.title == "Card retained" && created.ticket.center == "wuhan" && created.ticket.lineCount == 1)
            let appended = try Self.json(TicketWriteResult.self, at + ["ticket", "append", "\(created.ticket.id)", "visit booked", "--close"])
            #expect(appended.ticket.state == .closed && appended.ticket.history.map(\.text) == ["visit booked"])
            let ticket = try Self.json(Ticket.self, at + ["ticket", "get", "\(created.ticket.id)"])
            #expect(ticket.history.map(\.text) == ["called", "visit booked"])
            let page = try Self.json(TicketPage.self, at + ["tickets", "list", "--center", "wuhan"])
            #expect(page.tickets.map(\.id) == [created.ticket.id] && page.nextAfterId == nil)
            let missing = try Self.clusterctl(at + ["ticket", "get", "999"])
            #expect(missing.status == 1 && missing.errors.contains("not_found"))

            // Agents, contacts and routes need the topology.
            #expect(try Self.clusterctl(at + ["topology", "load", Self.topology]).status == 0)
            _ = try Self.json(ContactCenterAnswer.self, at + ["agent", "login", "chengdu-1", "--center", "chengdu", "--channels", "voice"])
            let lent = try Self.json(ContactCenterAnswer.self, at + ["agent", "lend", "chengdu-1", "--center", "wuhan", "--by", "duty manager"])
            #expect(lent.events.contains { $0.contains("chengdu-1 lent") })
            let agents = try Self.json(AgentPage.self, at + ["agents", "list", "--center", "wuhan"])
            #expect(agents.agents.map(\.id) == ["chengdu-1"] && agents.agents.first?.lend?.by.hasPrefix("duty manager") == true)
            _ = try Self.json(ContactCenterAnswer.self, at + ["agent", "return", "chengdu-1"])
            #expect(try Self.json(AgentPage.self, at + ["agent", "list", "--center", "wuhan"]).agents.isEmpty)

            let broken = try Self.json(ContactCenterAnswer.self, at + ["route", "break", "wuhan", "chengdu"])
            #expect(broken.events.contains { $0.contains("wuhan → chengdu broken") })
            let mended = try Self.json(ContactCenterAnswer.self, at + ["route", "mend", "wuhan", "chengdu"])
            #expect(mended.events.contains { $0.contains("mended") })

            // The history: the election, the route broken and mended, each with its cause.
            let events = try Self.json([EventRecord].self, at + ["events"])
            #expect(events.contains { $0.kind == .leaderElected && $0.cause == "raft" })
            #expect(events.contains { $0.kind == .routeBroken && $0.center == "wuhan" && $0.cause.hasPrefix("admin:") })
            #expect(events.contains { $0.kind == .agentLent } && events.contains { $0.kind == .agentReturned })
            #expect(events.map(\.index) == events.map(\.index).sorted())
            #expect(try Self.json([EventRecord].self, at + ["events", "--center", "chengdu"]).allSatisfy { $0.center == "chengdu" })
            let following = try Self.follow(at + ["events", "--follow", "--after-index", "\(mended.appliedIndex)", "-o", "json"])
            defer { following.stop() }
            _ = try Self.json(ContactCenterAnswer.self, at + ["route", "break", "wuhan", "hefei"])
            let line = try following.firstLine(containing: "route-broken", timeoutSeconds: 20)
            let streamed = try JSONDecoder().decode(EventRecord.self, from: Data(line.utf8))
            #expect(streamed.text.contains("wuhan → hefei") && streamed.index > mended.appliedIndex)

            #expect(try Self.json(ContactPage.self, at + ["contacts", "list"]).contacts.isEmpty)
            let noContact = try Self.clusterctl(at + ["contact", "get", "7"])
            #expect(noContact.status == 1 && noContact.errors.contains("not_found"))

            // Health: every node answers, healthy and ready.
            let health = try Self.json([EndpointHealth].self, at + ["health"])
            #expect(health.count == 3 && health.allSatisfy { $0.healthy && $0.ready && $0.tookMs != nil })

            // The capacity plan needs no cluster.
            let plan = try Self.json(
                CapacityReport.self, ["plan", "capacity", "--topology", Self.topology, "--arrivals-per-hour", "voice=150", "--if-dark", "wuhan"])
            #expect(plan.dark == ["wuhan"])
            #expect(plan.lines.first { $0.center == "chengdu" && $0.channel == .voice }?.fromDarkCentersPerHour == 150)
            // Against the agents present: chengdu-1, logged in on voice, is Chengdu's whole staff.
            let present = try Self.json(
                CapacityReport.self, at + ["plan", "capacity", "--topology", Self.topology, "--arrivals-per-hour", "voice=150", "--present"])
            #expect(present.lines.first { $0.center == "chengdu" && $0.channel == .voice }?.staffed == 1)
            #expect(present.lines.first { $0.center == "wuhan" && $0.channel == .voice }?.staffed == 0)
            let refused = try Self.clusterctl(["plan", "capacity", "--topology", Self.topology, "--arrivals-per-hour", "voice=x"])
            #expect(refused.status == 1 && refused.errors.contains("--arrivals-per-hour"))
        }
    }

    @Test("status, faults, a drill, the floor and config through the CLI against a 3-node cluster")
    func operatorCommands() throws {
        try Self.withCluster { cluster, _ in
            let at = ["--cluster", cluster]
            #expect(try Self.clusterctl(at + ["topology", "load", Self.topology]).status == 0)

            let status = try Self.json(ClusterStatusReport.self, at + ["status"])
            #expect(status.leader != nil && status.nodes.count == 3 && status.centers?.count == 8)

            // A fault by hand: listed on its node, then cleared.
            let injected = try Self.json([FaultState].self, at + ["fault", "inject", "delay", "--node", "2", "--delay-ms", "5", "--duration", "30s"])
            #expect(injected.first?.faults.map(\.kind) == [.delay])
            let listed = try Self.json([FaultState].self, at + ["fault", "list"])
            #expect(listed.map(\.node) == [1, 2, 3] && listed.first { $0.node == 2 }?.faults.first?.delayMs == 5)
            #expect(try Self.json([FaultState].self, at + ["fault", "clear", "--node", "2"]).first?.faults.isEmpty == true)
            let badFault = try Self.clusterctl(at + ["fault", "inject", "partition", "--node", "2", "--duration", "30s"])
            #expect(badFault.status != 0 && badFault.errors.contains("--peers"))

            // A drill: dry run, then a short real one; its report is listed and printed.
            let dry = try Self.clusterctl(at + ["drill", "run", "link-delay", "--center", "wuhan", "--dry-run"])
            #expect(dry.status == 0 && dry.output.contains("dry run: nothing is changed") && dry.output.contains("node 2 (wuhan)"))
            let drill = try Self.clusterctl(at + ["drill", "run", "link-delay", "--center", "wuhan", "--duration", "2s", "--appends-per-second", "10"], timeoutSeconds: 120)
            #expect(drill.status == 0 && drill.output.contains("verdict: held") && drill.output.contains("RPO: 0 acknowledged writes lost"), "\(drill.output)\(drill.errors)")
            let id = try #require(DrillReports(clusterDirectory: cluster).ids().last)
            let saved = try Self.json(DrillReport.self, at + ["drill", "report", id])
            #expect(saved.verdict == .held && saved.plan.fault.kind == .linkDelay)
            #expect(try Self.clusterctl(at + ["drill", "list"]).output.contains(id))
            let unknown = try Self.clusterctl(at + ["drill", "run", "earthquake"])
            #expect(unknown.status != 0 && unknown.errors.contains("built-ins: center-blackout"))

            // The floor, briefly.
            let floor = try Self.clusterctl(
                at + ["load", "--topology", Self.topology, "--arrivals-per-hour", "voice=300", "--agents-per-center", "1", "--handle-ms", "200",
                    "--duration", "3s", "-o", "json"], timeoutSeconds: 60)
            let tally = try JSONDecoder().decode(FloorSimulation.Tally.self, from: Data(floor.output.utf8))
            #expect(floor.errors.contains("floor: 8 agents logged in"), "progress goes to standard error with -o json")
            #expect(floor.status == 0 && tally.enqueued > 0 && tally.failures == 0, "\(floor.output)\(floor.errors)")

            // Config: each node's file, as written.
            let config = try Self.clusterctl(at + ["config", "show", "--node", "2"])
            #expect(config.status == 0 && config.output.hasPrefix("# node 2 (wuhan): ") && config.output.contains("\"center\" : \"wuhan\""))
        }
    }

    @Test("local stop, up on a partly running cluster, restart: the state file's pids stay true")
    func localNodeCommands() throws {
        try Self.withCluster { cluster, first in
            let pids = first.state.nodes.map(\.pid)

            #expect(try Self.clusterctl(["local", "stop", "--dir", cluster, "--node", "2"]).status == 0)
            #expect(try LocalClusterState.load(directory: cluster).nodes.map(\.pid) == [pids[0], nil, pids[2]])
            let up = try Self.clusterctl(["local", "up", "--dir", cluster])
            #expect(up.status == 0 && up.output.contains("already running, left alone: node 1, 3"), "\(up.output)\(up.errors)")
            let afterUp = try LocalClusterState.load(directory: cluster)
            #expect(afterUp.nodes[0].pid == pids[0] && afterUp.nodes[2].pid == pids[2])
            #expect(afterUp.nodes[1].pid != nil && afterUp.nodes[1].pid != pids[1])
            #expect(LocalClusterControl.runningNodes(afterUp).count == 3)

            #expect(try Self.clusterctl(["local", "restart", "--dir", cluster, "--node", "3"]).status == 0)
            let afterRestart = try LocalClusterState.load(directory: cluster)
            #expect(afterRestart.nodes[2].pid != pids[2] && LocalClusterControl.runningNodes(afterRestart).count == 3)
        }
    }
}
