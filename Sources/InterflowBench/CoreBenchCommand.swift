import ArgumentParser
import Consensus
import MallocInterposerSwift

/// Pushes proposals through an in-memory 3-node cluster of the core and prints committed entries
/// per second and heap allocations per entry.
struct CoreBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Throughput and allocations of the Raft core alone (no I/O).")

    @Option(help: "Entries to commit.")
    var entries: Int = 2_000_000

    @Option(help: "Proposals handed to the leader in one call (the shell's group size).")
    var batch: Int = 256

    @Option(help: "Bytes per command.")
    var payloadBytes: Int = 64

    @Option(help: "Nodes in the cluster.")
    var nodes: Int = 3

    func validate() throws {
        guard entries >= batch, batch >= 1, (1...1_000_000).contains(batch) else {
            throw ValidationError("--batch must be between 1 and 1000000 and at most --entries")
        }
        guard (1...9).contains(nodes) else { throw ValidationError("--nodes must be between 1 and 9") }
        guard (0...1_048_576).contains(payloadBytes) else { throw ValidationError("--payload-bytes must be at most 1 MiB") }
    }

    func run() throws {
        var cluster = try InMemoryCluster(nodeCount: nodes) { configuration in
            configuration.maxEntriesPerAppend = max(512, batch)
            configuration.maxUncommittedEntries = max(16_384, batch * 4)
            configuration.maxEntriesPerApply = max(4_096, batch * 4)
        }
        guard let leader = cluster.electFirstNode(maxTicks: 1_000) else { throw ValidationError("no leader elected") }
        let payload = [UInt8](repeating: 0x2A, count: payloadBytes)
        let rounds = entries / batch
        let start = cluster.appliedOnLeader
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let clock = ContinuousClock()
        let began = clock.now
        for round in 0..<rounds {
            // The commands share one buffer, so the allocations counted are the core's own.
            let commands = [[UInt8]](repeating: payload, count: batch)
            guard case .appended = cluster.cores[leader].propose(batch: commands) else {
                throw ValidationError("the leader refused a proposal in round \(round)")
            }
            cluster.pump()
            if round % 64 == 63 { cluster.compactAll() }
        }
        let elapsed = clock.now - began
        MallocInterposerSwift.unhook()
        let allocations = MallocInterposerSwift.getStatistics().mallocCount
        let committed = cluster.appliedOnLeader - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(committed) / seconds
        print("core benchmark: \(nodes) nodes in memory, batches of \(batch), \(payloadBytes)-byte commands")
        print("committed entries:      \(committed) in \(format3(seconds)) s")
        print("entries per second:     \(Int(perSecond))")
        print("allocations per entry:  \(format3(Double(allocations) / Double(max(1, committed))))")
        if allocations == 0 {
            print("(allocation counting was not active: the malloc interposer did not take effect)")
        }
    }

    private func format3(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
