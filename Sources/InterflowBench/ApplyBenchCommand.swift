import ArgumentParser
import CenterState
import ClientAPI
import Consensus
import Foundation
import NodeStorage

/// Applies ticket.append entries to one node's store as the node does (`NodeStore.apply`, one
/// transaction per batch) and prints the CPU each costs. No network, no Raft, no other process:
/// what applying costs every node for every write, measured with far less noise than a cluster.
struct ApplyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "CPU per applied ticket.append on one store (no network), in rounds.")

    @Option(help: "Tickets the appends are spread over, at random.")
    var tickets: Int = 5_000

    @Option(help: "Appends per round; a figure is printed for each round.")
    var entriesPerRound: Int = 50_000

    @Option(help: "Rounds: the store grows from one to the next, as a cluster's does.")
    var rounds: Int = 4

    @Option(help: "Entries per apply transaction (the leader's were about 55 at 128 clients, the followers' 120).")
    var batch: Int = 64

    @Option(help: "Directory for the store (a fresh one under it is removed afterwards).")
    var directory: String = NSTemporaryDirectory()

    func validate() throws {
        guard (1...1_000_000).contains(tickets) else { throw ValidationError("--tickets must be between 1 and 1000000") }
        guard (1...10_000_000).contains(entriesPerRound) else { throw ValidationError("--entries-per-round must be between 1 and 10000000") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 100") }
        guard (1...4_096).contains(batch) else { throw ValidationError("--batch must be between 1 and 4096") }
    }

    func run() throws {
        let folder = (directory as NSString).appendingPathComponent("interflow-apply-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("node.sqlite")
        let store = try NodeStore(path: path)
        defer { try? store.close() }
        let state = CenterState()
        try store.apply(upTo: 0) { db in try state.prepare(in: db) }
        var appender = Appender(store: store, state: state, batch: batch)
        try appender.apply((0..<tickets).map { .ticketCreate(TicketCreateArgs(title: "ticket \($0)", text: "opened")) })
        print("apply bench: \(tickets) tickets, \(batch) entries per transaction, \(entriesPerRound) appends per round")
        print("round  appends  wall us/append  cpu us/append  db+wal bytes/append")
        var random = SeededRandom(seed: 42)
        for round in 1...rounds {
            let bytesBefore = DatabaseBytes.of(directory: folder) ?? 0
            let cpuBefore = ProcessCPU.milliseconds(pid: getpid()) ?? 0
            let clock = ContinuousClock()
            let began = clock.now
            for first in stride(from: 0, to: entriesPerRound, by: batch) {
                let count = min(batch, entriesPerRound - first)
                try appender.apply((0..<count).map { _ in
                    .ticketAppend(TicketAppendArgs(ticketId: Int64(random.next(upperBound: UInt64(tickets)) + 1), text: AppendLoad.line))
                })
            }
            let wallUs = (clock.now - began).seconds * 1e6
            let cpuMs = (ProcessCPU.milliseconds(pid: getpid()) ?? 0) - cpuBefore
            let grown = (DatabaseBytes.of(directory: folder) ?? 0) - bytesBefore
            print(String(
                format: "%5d  %7d  %14.1f  %13.1f  %19d", round, entriesPerRound, wallUs / Double(entriesPerRound),
                cpuMs * 1000 / Double(entriesPerRound), grown / entriesPerRound))
        }
    }

    /// Numbers the entries and applies them a batch per transaction, as `RaftDriver` does.
    private struct Appender {
        let store: NodeStore
        let state: CenterState
        let batch: Int
        var index: LogIndex = 0
        var requests = 0

        mutating func apply(_ actions: [Command.Action]) throws {
            for first in stride(from: 0, to: actions.count, by: batch) {
                let entries = actions[first..<min(actions.count, first + batch)].map { action -> Entry in
                    index += 1
                    requests += 1
                    let command = Command(
                        client: "bench-client-key", requestId: "r-\(requests)", author: "bench", atMs: 1_700_000_000_000 + Int64(requests),
                        action: action)
                    return Entry(term: 1, index: index, payload: .command(command.encoded))
                }
                try store.apply(upTo: index) { db in try state.apply(entries, in: db) }
                _ = state.takeAnswers()
            }
        }
    }
}
