import ArgumentParser
import Dispatch
import Drills
import Foundation
import LocalCluster
import Synchronization

/// `clusterctl --cluster DIR drill run|list|report|abort`: failover drills as experiments, with a
/// steady-state hypothesis, abort conditions, a rollback that always runs, and a saved report.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill", abstract: "Run failover drills with a plan, an abort, a rollback and a report.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl drill run center-blackout --center wuhan --duration 20s
              clusterctl --cluster /tmp/ifl drill run Deploy/drills/wuhan-blackout.yaml --dry-run
              clusterctl --cluster /tmp/ifl drill run leader-kill
              clusterctl --cluster /tmp/ifl drill list
              clusterctl --cluster /tmp/ifl drill report 20261206-071500-center-blackout
              clusterctl --cluster /tmp/ifl drill abort          # from another terminal
            docs/DRILLS.md has the plan schema; Deploy/drills/ has examples.
            """,
        subcommands: [Run.self, List.self, Report.self, Abort.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plan file (JSON or YAML) or a built-in drill.",
            discussion: "Exit status: 0 when the hypothesis held, 4 when it deviated, 5 when aborted or not started, 1 on errors.")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "A plan file, or a built-in: \(DrillFaultSpec.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var plan: String
        @Option(help: "Built-ins: the center the fault hits.") var center: String?
        @Option(help: "two-centers-dark: the two centers, comma-separated.") var centers: String?
        @Option(help: "broken-route: the backup center that refuses.") var backup: String?
        @Option(help: "Built-ins: how long the fault stays: 20s, 1m.") var duration = "20s"
        @Option(help: "Built-ins: ticket appends a second the drill drives (0 for none).") var appendsPerSecond = 50
        @Option(help: "Built-ins: simulated voice contacts an hour at each branch, with agents answering them (needs --topology).")
        var contactsPerHour = 0
        @Option(help: "Built-ins: the topology file the cluster runs, for the simulated contacts.") var topology: String?
        @Flag(help: "Print what the drill would do and change nothing.") var dryRun = false
        @Flag(help: "Required when any node of the cluster listens beyond loopback (a WAN lab's namespaces excepted).") var yes = false

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "drill run")
            let plan = try resolvedPlan()
            let state = try AdminOutcome.report { try LocalClusterState.load(directory: directory) }
            // The lab's addresses exist only in the namespaces it made: drilling them touches nothing real.
            if !yes, state.lab == nil, let remote = state.nodes.first(where: { !Self.isLoopback($0.client) }) {
                throw ValidationError("node \(remote.id) listens on \(remote.client), beyond loopback: pass --yes to drill this cluster")
            }
            let reports = DrillReports(clusterDirectory: directory)
            reports.clearAbortRequest()
            let stop = InterruptFlag()
            let runner = DrillRunner(
                directory: directory, plan: plan, progress: { print($0); fflush(nil) },
                interrupted: { stop.isSet || reports.abortRequested },
                clusterctl: SelfExecutable.path)
            if dryRun {
                for line in try AdminOutcome.report({ try runner.dryRun() }) { print(line) }
                return
            }
            let report = try AdminOutcome.report { try runner.run() }
            reports.clearAbortRequest()
            let files = try AdminOutcome.report { try reports.save(report) }
            print(DrillReportText.summary(report))
            print("report: " + files.joined(separator: ", "))
            switch report.verdict {
            case .held: return
            case .deviated: throw ExitCode(4)
            case .aborted, .notStarted: throw ExitCode(5)
            }
        }

        func resolvedPlan() throws -> DrillPlan {
            if let kind = DrillFaultSpec.Kind(rawValue: plan) {
                guard let durationMs = EventText.durationMs(duration), durationMs <= 600_000 else {
                    throw ValidationError("--duration: '\(duration)' is not a duration of at most 10m such as 20s or 2m")
                }
                let named = centers.map { $0.split(separator: ",").map(String.init) } ?? center.map { [$0] } ?? []
                let built = DrillBuiltins.plan(
                    kind, centers: named, backup: backup, durationMs: Int(durationMs), appendsPerSecond: appendsPerSecond,
                    contactsPerHourPerBranch: contactsPerHour, topology: topology)
                if let problem = built.problem { throw ValidationError("\(kind.rawValue): \(problem)") }
                return built
            }
            guard FileManager.default.fileExists(atPath: plan) else { throw ValidationError(DrillError.unknownBuiltin(plan).description) }
            return try AdminOutcome.report { try DrillPlan.load(path: plan) }
        }

        static func isLoopback(_ endpoint: String) -> Bool {
            let host = endpoint.replacingOccurrences(of: "tcp://", with: "").split(separator: ":").first.map(String.init) ?? ""
            return host.hasPrefix("127.") || host == "localhost" || host == "[::1]"
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The built-in drills, and this cluster's saved reports.", discussion: "Example: clusterctl --cluster /tmp/ifl drill list")
        @OptionGroup var clusterOption: ClusterOption

        func run() throws {
            print("built-in drills:")
            for (kind, summary) in DrillBuiltins.summaries { print("  \(kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(summary)") }
            guard let directory = clusterOption.cluster else { return }
            let reports = DrillReports(clusterDirectory: directory)
            print("\nreports in \(reports.folder):")
            let ids = reports.ids()
            if ids.isEmpty { print("  none yet") }
            for id in ids {
                let verdict = (try? reports.load(id)).map { "\($0.verdict.rawValue), RTO \($0.rtoMs.map { "\($0) ms" } ?? "-"), lost \($0.audit.lost)" } ?? "unreadable"
                print("  \(id)  \(verdict)")
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a saved report (Markdown, or -o json); the .html beside it has the chart.", discussion: "Example: clusterctl --cluster /tmp/ifl drill report 20261206-070027-center-blackout")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The report's id (see `drill list`).") var id: String
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "drill report")
            let report = try AdminOutcome.report { try DrillReports(clusterDirectory: directory).load(id) }
            print(output == .json ? PrettyJSON.string(report) : DrillReportText.markdown(report))
        }
    }

    struct Abort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Abort the drill running on this cluster: it removes its fault at its next observation and reports aborted.")
        @OptionGroup var clusterOption: ClusterOption

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "drill abort")
            try AdminOutcome.report { try DrillReports(clusterDirectory: directory).requestAbort() }
            print("abort requested; the running drill rolls back within a second")
        }
    }
}

/// Set by SIGINT or SIGTERM, so that a drill interrupted at the keyboard still rolls back: the
/// handler only stores a flag, which the drill reads at its next observation.
final class InterruptFlag: Sendable {
    private static let raised = Atomic<Bool>(false)

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in InterruptFlag.raised.store(true, ordering: .relaxed) }
        }
    }

    var isSet: Bool { Self.raised.load(ordering: .relaxed) }
}
