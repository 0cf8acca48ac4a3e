import ArgumentParser
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR status`: every node's view, merged with the leader's view of lag.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each node's role, term, indexes, lag and database size, then each center's service figures.",
        discussion: "Exit code 0 when a leader is known, 3 when no reachable node leads, 1 on errors.")

    static let noLeaderExitCode: Int32 = 3

    @OptionGroup var clusterOption: ClusterOption

    @Option(help: "How long to wait for each node's answer.")
    var timeoutMs: Int = 1_000

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        guard clusterOption.cluster != nil else { throw ValidationError("name the cluster: clusterctl --cluster DIR status") }
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be between 1 and 60000") }
    }

    func run() throws {
        let report: ClusterStatusReport
        do {
            report = try LocalClusterControl.status(directory: clusterOption.cluster ?? "", timeoutMs: timeoutMs)
        } catch {
            throw error.exit()
        }
        switch output {
        case .json: print(PrettyJSON.string(report))
        case .text: print(StatusTable.render(report, colour: Self.colourWanted))
        }
        if report.leader == nil { throw ExitCode(Self.noLeaderExitCode) }
    }

    /// Red for alarms on a terminal only, and not when NO_COLOR is set (no-color.org).
    static var colourWanted: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
