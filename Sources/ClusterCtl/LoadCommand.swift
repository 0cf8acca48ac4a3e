import ArgumentParser
import ClientAPI
import ContactCenter
import Drills
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR load`: simulated customers and agents on a local cluster's floor.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Simulate customers (Poisson arrivals per branch and channel) and agents (handle time, wrap-up).",
        discussion: """
            The topology must be loaded. Agents load-CENTER-K log in at every center, accept the contacts
            offered to them, complete them after an exponential handle time, and are ready again after
            wrap-up. Contacts arrive at every branch at --arrivals-per-hour per channel, with a segment mix.
            The 2020 network averaged about 55 contacts a second (31 branches: 6,400 an hour each), ten
            times that at peak; the summary says when this tool could not keep up.
            Examples:
              clusterctl --cluster /tmp/ifl load --topology Deploy/topology/china-2020.json --arrivals-per-hour voice=120,chat=40 --duration 2m
              clusterctl --cluster /tmp/ifl load --topology Deploy/topology/china-2020.json --arrivals-per-hour voice=600 --contacts 1000 --record /tmp/ops.jsonl
            Exit status: 0 when it kept up, 6 when it fell behind, 1 on errors.
            """)

    @OptionGroup var clusterOption: ClusterOption
    @Option(help: "The topology file the cluster runs (its centers and branches).") var topology: String
    @Option(help: "Contacts an hour at each branch, per channel: voice=120,chat=40.") var arrivalsPerHour: String
    @Option(help: "Percent of emergency and green-channel contacts: emergency=2,green-channel=10 (the rest normal).")
    var segments = "emergency=2,green-channel=10"
    @Option(help: "Simulated agents per center (0 for none: contacts wait and abandon).") var agentsPerCenter = 5
    @Option(help: "The agents' skills, comma-separated; each contact asks for one of them.") var skills = "general"
    @Option(help: "Mean handle time in milliseconds.") var handleMs = 30_000
    @Option(help: "Wrap-up after each contact, in milliseconds.") var wrapUpMs = 5_000
    @Option(help: "How long to run: 90s, 10m, 1h.") var duration = "1m"
    @Option(help: "Stop after this many contacts.") var contacts: Int?
    @Option(help: "The seed of the arrivals, segments and handle times.") var seed: UInt64 = 1
    @Option(help: "Write every acknowledged operation to this file (made anew), one JSON object a line.") var record: String?
    @Option(name: .shortAndLong, help: "text or json (the final summary).") var output: OutputFormat = .text

    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "load")
        guard let durationMs = EventText.durationMs(duration), durationMs <= 86_400_000 else {
            throw ValidationError("--duration: '\(duration)' is not a duration such as 90s, 10m or 1h")
        }
        let arrivals = try AdminOutcome.report { try CapacityOptions.channelFigures(arrivalsPerHour, option: "--arrivals-per-hour") }
        var segmentPercent: [Segment: Int] = [:]
        for part in segments.split(separator: ",") {
            let pair = part.split(separator: "=").map(String.init)
            guard pair.count == 2, let segment = Segment(rawValue: pair[0]), let value = Int(pair[1]) else {
                throw ValidationError("--segments: '\(part)' is not SEGMENT=PERCENT with SEGMENT emergency or green-channel")
            }
            segmentPercent[segment] = value
        }
        let plan = FloorPlan(
            seed: seed, arrivalsPerHourPerBranch: arrivals, segmentPercent: segmentPercent, agentsPerCenter: agentsPerCenter,
            skills: skills.split(separator: ",").map(String.init), handleMs: handleMs, wrapUpMs: wrapUpMs, durationMs: Int(durationMs), contacts: contacts)
        let network: Topology
        do {
            network = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topology)))
        } catch {
            printError("error: \(topology): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if let problem = plan.problem(branches: network.centers.flatMap(\.branches).count) { throw ValidationError(problem) }
        let file = try record.map { path -> FileHandle in
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("--record: cannot write \(path)") }
            return handle
        }
        defer { try? file?.close() }
        let stop = InterruptFlag()
        let simulation = try FloorSimulation(
            // With -o json, standard output carries the summary alone; progress goes to standard error.
            directory: directory, plan: plan, topology: network, record: file,
            progress: { [output] line in if output == .json { printError(line) } else { print(line); fflush(nil) } },
            interrupted: { stop.isSet })
        let tally = try AdminOutcome.report { try simulation.run() }
        if output == .json { print(PrettyJSON.string(tally)) } else { print("done: " + FloorSimulation.line(tally)) }
        if !tally.keptUp {
            printError(
                "could not keep up: \(String(format: "%.1f", tally.achievedPerSecond)) contacts a second of \(String(format: "%.1f", tally.targetPerSecond)), "
                    + "\(tally.worstLagMs) ms behind at worst (each write waits for its commit; lower the rate or run several)")
            throw ExitCode(6)
        }
    }
}
