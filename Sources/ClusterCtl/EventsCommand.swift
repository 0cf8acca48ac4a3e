import ArgumentParser
import ClientAPI
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR events`: the decisions the cluster committed (elections, members,
/// centers going dark and coming back, reroutes, failback steps, routes, lends, settings), read
/// from the replicated history, and followed as they happen with `--follow`.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "The history of committed decisions, oldest first; --follow to watch.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl events --since 10m
              clusterctl --cluster /tmp/ifl events --center wuhan --follow
              clusterctl --cluster /tmp/ifl events --after-index 1200 -o json
            The cluster keeps the newest \(EventListArgs.retainedEvents) events. With -o json and --follow, one JSON object per line.
            Exit status: 0, \(StatusCommand.noLeaderExitCode) without a leader or quorum, 1 on any other error;
            --follow runs until interrupted and waits out a leader change.
            """)

    @OptionGroup var clusterOption: ClusterOption

    @Option(help: "Only events of log entries after this index.")
    var afterIndex: UInt64?

    @Option(help: "Only events this recent: 90s, 10m, 2h, 1d.")
    var since: String?

    @Option(help: "Only events that concern this center.")
    var center: String?

    @Flag(help: "Keep printing new events as they are committed.")
    var follow = false

    @Option(help: "With --follow, how often to ask, in milliseconds.")
    var intervalMs = 500

    @Option(name: .shortAndLong, help: "text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if let since, EventText.durationMs(since) == nil { throw ValidationError("--since: '\(since)' is not a duration such as 90s, 10m, 2h or 1d") }
        if !(50...60_000).contains(intervalMs) { throw ValidationError("--interval-ms: must be 50 to 60000") }
    }

    func run() throws {
        let sinceMs = since.flatMap(EventText.durationMs).map { Int64(Date().timeIntervalSince1970 * 1000) - $0 }
        var args = EventListArgs(afterIndex: afterIndex, center: center, sinceMs: sinceMs, limit: EventListArgs.maxLimit)
        var collected: [EventRecord] = []
        while true {
            let page: EventPage
            do {
                page = try LeaderCall.run(clusterOption, "events", .eventsList, args, as: EventPage.self)
            } catch let exit as ExitCode where follow && exit == ExitCode(StatusCommand.noLeaderExitCode) {
                // An election under way: the next round finds the new leader.
                Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
                continue
            }
            if follow {
                for event in page.events { print(output == .json ? OneLineJSON.string(event) : EventText.line(event)) }
                fflush(nil)
            } else {
                collected += page.events
            }
            args.afterIndex = page.lastIndex
            if !page.more {
                guard follow else { break }
                Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
            }
        }
        if output == .json { return print(PrettyJSON.string(collected)) }
        print(collected.isEmpty ? "No events." : collected.map { EventText.line($0) }.joined(separator: "\n"))
    }
}

/// One JSON object per line, keys sorted, for streams that other programs read line by line.
enum OneLineJSON {
    static func string<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
