import ArgumentParser
import Drills
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR chaos`: the project's own Jepsen-style check of a local cluster.
struct ChaosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos", abstract: "Check a local cluster's histories for linearizability while a nemesis kills, freezes and partitions nodes.",
        discussion: """
            Clients append unique values to a few tickets and read them (linearizable reads) through every
            node, while a nemesis kill -9s and restarts, SIGSTOPs and SIGCONTs, or partitions (fault.inject)
            a random node or the leader, one fault at a time. Then the cluster is healed, every ticket is
            read once more, and the history is checked (list-append, as Jepsen's Elle does): no read may
            miss an append acknowledged before it began, go back in time or disagree with the final order;
            no acknowledged append may be lost, none refused may be applied, none appear twice.
            The verdict prints the earliest anomalies, each with the operations that show it.
            Examples:
              clusterctl --cluster /tmp/ifl chaos --duration 1m
              clusterctl --cluster /tmp/ifl chaos --duration 10m --clients 8 --seed 7 --faults kill,pause-leader,partition
            Exit status: 0 linearizable, 7 not, 1 when the run could not be made.
            """)

    @OptionGroup var clusterOption: ClusterOption
    @Option(help: "How long the clients and the nemesis run: 90s, 10m, 1h.") var duration = "1m"
    @Option(help: "Client threads (1–\(ChaosOptions.maxClients)).") var clients = 6
    @Option(help: "Tickets in use at a time (1–\(ChaosOptions.maxTickets)); a fresh set every 2 minutes.") var tickets = 3
    @Option(help: "The seed of the nemesis's and the clients' choices.") var seed: UInt64 = 1
    @Option(help: "Faults to choose from, comma-separated: \(ChaosFault.allCases.map(\.rawValue).joined(separator: ", ")).")
    var faults = ChaosFault.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Write the whole history here, one JSON operation a line.") var history: String?
    @Option(name: .shortAndLong, help: "text or json (the report).") var output: OutputFormat = .text

    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "chaos")
        guard let durationMs = EventText.durationMs(duration) else {
            throw ValidationError("--duration: '\(duration)' is not a duration such as 90s, 10m or 1h")
        }
        var options = ChaosOptions()
        options.durationMs = Int(durationMs)
        options.clients = clients
        options.tickets = tickets
        options.seed = seed
        options.faults = try faults.split(separator: ",").map { name in
            guard let fault = ChaosFault(rawValue: String(name)) else {
                throw ValidationError("--faults: '\(name)' is none of \(ChaosFault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return fault
        }
        if let problem = options.problem { throw ValidationError(problem) }
        let (report, operations) = try AdminOutcome.report {
            try ChaosRun.run(directory: directory, options: options) { [output] line in
                if output == .json { printError(line) } else { print(line); fflush(nil) }
            }
        }
        if let history {
            let lines = operations.map { String(decoding: (try? JSONEncoder().encode($0)) ?? Data(), as: UTF8.self) }
            guard FileManager.default.createFile(atPath: history, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
                throw ValidationError("--history: cannot write \(history)")
            }
        }
        if output == .json { print(PrettyJSON.string(report)) } else { print(report.text) }
        if !report.verdict.valid { throw ExitCode(7) }
    }
}
