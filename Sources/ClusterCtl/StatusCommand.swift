import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR status`: every node's view, merged with the leader's view of lag.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each node's role, term, indexes, lag and database size, then each center's service figures.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl status
              clusterctl --cluster /tmp/ifl status --watch          # refreshes in place every second until Ctrl-C
              clusterctl --cluster /tmp/ifl status -o json
            Exit code 0 when a leader is known, 3 when no reachable node leads, 1 on errors.
            """)

    static let noLeaderExitCode: Int32 = 3

    @OptionGroup var clusterOption: ClusterOption

    @Option(help: "How long to wait for each node's answer.")
    var timeoutMs: Int = 1_000

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Flag(help: "Refresh every --interval-ms until interrupted (in place on a terminal; one report after another otherwise).")
    var watch = false

    @Option(help: "With --watch, how often to refresh, in milliseconds.")
    var intervalMs = 1_000

    func validate() throws {
        guard let cluster = clusterOption.cluster else { throw ValidationError("name the cluster: clusterctl --cluster DIR status") }
        try ClusterOption.refuseLabFromOutside(cluster, command: "status")
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be between 1 and 60000") }
        guard (100...60_000).contains(intervalMs) else { throw ValidationError("--interval-ms must be between 100 and 60000") }
    }

    func run() throws {
        guard watch else {
            let report = try show()
            if report.leader == nil { throw ExitCode(Self.noLeaderExitCode) }
            return
        }
        let inPlace = output == .text && isatty(STDOUT_FILENO) == 1
        while true {
            // Home and clear, so the table is redrawn where it stands rather than scrolling.
            if inPlace { print("\u{1B}[H\u{1B}[2J", terminator: "") }
            _ = try show()
            fflush(nil)
            Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
        }
    }

    private func show() throws -> ClusterStatusReport {
        let report: ClusterStatusReport
        do {
            report = try LocalClusterControl.status(directory: clusterOption.cluster ?? "", timeoutMs: timeoutMs)
        } catch {
            throw error.exit()
        }
        switch output {
        case .json: print(watch ? OneLineJSON.string(report) : PrettyJSON.string(report))
        case .text: print(StatusTable.render(report, colour: Self.colourWanted))
        }
        return report
    }

    /// Red for alarms on a terminal only, and not when NO_COLOR is set (no-color.org).
    static var colourWanted: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
