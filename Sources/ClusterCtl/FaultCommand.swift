import ArgumentParser
import ClientAPI
import LocalCluster

/// `clusterctl --cluster DIR fault inject|clear|list`: a drill's faults by hand, on one node
/// through its admin API. Each ends by itself after --duration.
struct FaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault", abstract: "Inject, list and clear drill faults on a node (admin key); each ends by itself.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl fault inject blackout --node 2 --duration 30s
              clusterctl --cluster /tmp/ifl fault inject partition --node 2 --peers 1,3 --duration 1m
              clusterctl --cluster /tmp/ifl fault inject slow-disk --node 1 --delay-ms 200 --duration 2m
              clusterctl --cluster /tmp/ifl fault list
              clusterctl --cluster /tmp/ifl fault clear --node 2
            Exit status: 0 when done, 1 on any error.
            """,
        subcommands: [Inject.self, Clear.self, List.self], aliases: ["faults"])

    struct Inject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Inject one fault into one node.", discussion: "Example: clusterctl --cluster /tmp/ifl fault inject blackout --node 2 --duration 30s")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "blackout, partition, delay, slow-disk or pause.") var kind: DrillFaultKind
        @Option(help: "The node's id.") var node: UInt64
        @Option(help: "How long until it ends by itself: 90s, 10m (at most 10m).") var duration: String
        @Option(help: "partition: the node ids to cut off, comma-separated.") var peers: String?
        @Option(help: "delay and slow-disk: milliseconds (1-\(FaultInjectArgs.maxDelayMs)).") var delayMs: Int?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "fault inject")
            guard let durationMs = EventText.durationMs(duration), durationMs <= Int64(FaultInjectArgs.maxDurationMs) else {
                throw ValidationError("--duration: '\(duration)' is not a duration of at most 10m such as 90s or 5m")
            }
            let peerIDs = try peers.map { text in
                try text.split(separator: ",").map { part -> UInt64 in
                    guard let id = UInt64(part) else { throw ValidationError("--peers: '\(part)' is not a node id") }
                    return id
                }
            }
            let args = FaultInjectArgs(kind: kind, durationMs: Int(durationMs), peers: peerIDs, delayMs: delayMs)
            if let problem = args.problem { throw ValidationError(problem.replacingOccurrences(of: "args.", with: "--")) }
            let state = try AdminOutcome.report { try AdminCall.node(directory: directory, id: node, .faultInject, args, as: FaultState.self) }
            FaultCommand.show([state], output)
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End one kind of fault, or every fault, on one node now.", discussion: "Example: clusterctl --cluster /tmp/ifl fault clear --node 2")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "The node's id.") var node: UInt64
        @Option(help: "Only this kind.") var kind: DrillFaultKind?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "fault clear")
            let state = try AdminOutcome.report {
                try AdminCall.node(directory: directory, id: node, .faultClear, FaultClearArgs(kind: kind), as: FaultState.self)
            }
            FaultCommand.show([state], output)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The faults active on every node (or one).", discussion: "Example: clusterctl --cluster /tmp/ifl fault list")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "Only this node.") var node: UInt64?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "fault list")
            let state = try AdminOutcome.report { try LocalClusterState.load(directory: directory) }
            let nodes = node.map { [$0] } ?? state.nodes.map(\.id)
            var states: [FaultState] = []
            for id in nodes {
                do {
                    states.append(try AdminCall.node(directory: directory, id: id, .faultList, NoArguments(), as: FaultState.self, timeoutMs: 2_000))
                } catch {
                    printError("node \(id): \(error)")
                }
            }
            FaultCommand.show(states, output)
        }
    }

    static func show(_ states: [FaultState], _ output: OutputFormat) {
        if output == .json { return print(PrettyJSON.string(states)) }
        for state in states {
            let faults = state.faults.map { fault in
                var text = "\(fault.kind.rawValue) for \(fault.remainingMs / 1000) s more"
                if let peers = fault.peers { text += " (cut off from \(peers.map(String.init).joined(separator: ", ")))" }
                if let delay = fault.delayMs { text += " (\(delay) ms)" }
                return text
            }
            print("node \(state.node): " + (faults.isEmpty ? "no faults" : faults.joined(separator: "; ")))
        }
    }
}

extension DrillFaultKind: ExpressibleByArgument {}
