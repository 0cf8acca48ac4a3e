import ArgumentParser
import ClientAPI
import Foundation
import InterflowTesting
import LocalCluster
import Synchronization

/// Starts a local cluster of real center-node processes and prints the throughput and latency of
/// committed appends at several concurrency levels, then the leader failover time.
struct ClusterBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Committed ticket.append throughput and latency, and leader failover time, on a local 3-node cluster.",
        discussion: """
            Runs the center-node found next to this executable, so a release bench runs release nodes. \
            Progress goes to standard error, figures to standard output.
            """)

    static let nodes = 3
    /// CenterState's CommandLimits.maxLinesPerTicket (that module is not a dependency here).
    static let linesPerTicket = 10_000

    @Option(help: "Concurrent clients per level, comma-separated.")
    var clients = CountList([1, 16, 128])

    @Option(help: "Measured seconds per level.")
    var duration = 10

    @Option(help: "Seconds per level before measuring (connections, caches, leases).")
    var warmup = 2

    @Option(help: "Leader failover cycles (0 skips the failover measurement).")
    var failoverCycles = 20

    @Option(help: "How the leader is taken away: kill (SIGKILL, then restart) or pause (SIGSTOP, then SIGCONT).")
    var failoverFault = FailoverFault.kill

    @Option(help: "Clients appending through a follower, moving to the next node when theirs goes quiet, while the failovers are measured (0: an idle cluster).")
    var failoverLoad = 0

    @Option(help: "Tickets the appends are spread over; each holds at most 10,000 lines.")
    var tickets = 64

    @Option(help: "The center-node executable (default: the one next to interflow-bench).")
    var centerNode: String?

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard (1...3_600).contains(duration) else { throw ValidationError("--duration must be 1 to 3600 seconds") }
        guard (0...600).contains(warmup) else { throw ValidationError("--warmup must be 0 to 600 seconds") }
        guard (0...1_000).contains(failoverCycles) else { throw ValidationError("--failover-cycles must be 0 to 1000") }
        guard (0...1_024).contains(failoverLoad) else { throw ValidationError("--failover-load must be 0 to 1024") }
        guard (1...10_000).contains(tickets) else { throw ValidationError("--tickets must be 1 to 10000") }
        guard clients.counts.allSatisfy({ $0 <= 1_024 }) else { throw ValidationError("--clients: at most 1024 per level") }
        guard clients.counts.allSatisfy({ maxRequestsPerClient(clients: $0) >= 1 }) else {
            throw ValidationError("--tickets too few for that many clients")
        }
    }

    func run() throws {
        let nodePath = try CenterNodePath.resolve(centerNode)
        let machine = MachineFacts.current(centerNode: nodePath)
        progress("starting \(Self.nodes) nodes (\(nodePath))")
        let cluster = try TestCluster.start(nodes: Self.nodes, centerNodePath: nodePath)
        defer { cluster.shutdown() }
        let layout = try LocalClusterLayout(directory: cluster.directory, nodeCount: Self.nodes)
        let ticketIDs = try createTickets(on: cluster)
        var levels: [LevelFigures] = []
        for (position, clientCount) in clients.counts.enumerated() {
            progress("level \(position + 1)/\(clients.counts.count): \(clientCount) clients for \(warmup) + \(duration) s")
            let load = AppendLoad(
                cluster: cluster, leader: try cluster.waitForLeader(), clients: clientCount,
                warmup: .seconds(warmup), duration: .seconds(duration), tickets: ticketIDs,
                maxRequestsPerClient: maxRequestsPerClient(clients: clientCount), tag: "level\(position)")
            let pids = try cluster.nodeIDs.compactMap { try cluster.record(node: $0).pid }
            let dataDirectories = cluster.nodeIDs.map(layout.dataDirectory)
            let cpuBefore = pids.compactMap { ProcessCPU.milliseconds(pid: $0) }
            let bytesBefore = dataDirectories.compactMap(DatabaseBytes.of)
            var level = try load.run()
            let cpuAfter = pids.compactMap { ProcessCPU.milliseconds(pid: $0) }
            let bytesAfter = dataDirectories.compactMap(DatabaseBytes.of)
            if cpuBefore.count == pids.count, cpuAfter.count == pids.count, level.answeredAll > 0 {
                level.cpuMsPerAppend = ((cpuAfter.reduce(0, +) - cpuBefore.reduce(0, +)) / Double(level.answeredAll) * 1000).rounded() / 1000
            }
            if bytesBefore.count == dataDirectories.count, bytesAfter.count == dataDirectories.count, level.answeredAll > 0 {
                let grown = bytesAfter.reduce(0, +) - bytesBefore.reduce(0, +)
                level.databaseBytesPerAppend = grown / dataDirectories.count / level.answeredAll
            }
            levels.append(level)
        }
        var failover: FailoverFigures?
        if failoverCycles > 0 {
            let background = try failoverLoad > 0 ? startBackgroundLoad(on: cluster, tickets: ticketIDs) : nil
            let samples = try FailoverCycles(cluster: cluster, cycles: failoverCycles, fault: failoverFault)
                .run(progress: progress)
            failover = FailoverFigures(fault: failoverFault, samples: samples, loadClients: failoverLoad)
            if let background {
                progress("waiting for the load under the failovers to finish")
                background.done.wait()
                let figures = background.figures.withLock { $0 }
                progress("the load under the failovers: \(figures.map { "\(Int($0.appendsPerSecond)) appends/s, errors \($0.errors)" } ?? "failed")")
            }
        }
        let report = ClusterBenchReport(
            machine: machine, nodes: Self.nodes, tickets: tickets, warmupSeconds: Double(warmup), levels: levels,
            failover: failover)
        print(json ? report.json : ClusterBenchTable.render(report))
    }

    /// Appends through a follower, which forwards them to whichever node leads, for about as long
    /// as the failover cycles take (a cycle is an election, a restart and a rejoin: a few seconds).
    /// A thread whose node is killed or has no quorum moves to the next node and retries there.
    /// Only its throughput is printed: it is there to load the nodes while they fail over.
    private func startBackgroundLoad(on cluster: TestCluster, tickets ticketIDs: [Int64]) throws -> BackgroundLoad {
        let leader = try cluster.waitForLeader()
        let follower = cluster.nodeIDs.first { $0 != leader } ?? leader
        let load = AppendLoad(
            cluster: cluster, leader: follower, clients: failoverLoad, warmup: .zero,
            duration: .seconds(failoverCycles * Self.secondsPerFailoverCycle), tickets: ticketIDs,
            maxRequestsPerClient: maxRequestsPerClient(clients: failoverLoad), tag: "failover", followsLeader: true)
        progress("\(failoverLoad) clients append through node \(follower) during the failovers, moving on when it goes quiet")
        let background = BackgroundLoad()
        background.done.enter()
        Thread {
            let measured = try? load.run()
            background.figures.withLock { $0 = measured }
            background.done.leave()
        }.start()
        return background
    }

    static let secondsPerFailoverCycle = 3

    /// Each level may use its share of the tickets' lines, with a fifth kept spare because the
    /// strides do not spread appends perfectly evenly.
    private func maxRequestsPerClient(clients clientCount: Int) -> Int {
        let lines = tickets * Self.linesPerTicket * 4 / 5
        return lines / max(1, clients.counts.count) / clientCount
    }

    private func createTickets(on cluster: TestCluster) throws -> [Int64] {
        progress("creating \(tickets) tickets")
        let api = try cluster.client(node: try cluster.waitForLeader(), role: .client)
        defer { api.close() }
        return try (0..<tickets).map { number in
            try api.call(
                .ticketCreate, TicketCreateArgs(title: "bench \(number)"), requestID: "bench-ticket-\(number)",
                as: TicketWriteResult.self
            ).ticket.id
        }
    }

    private func progress(_ text: String) {
        FileHandle.standardError.write(Data(("cluster bench: " + text + "\n").utf8))
    }
}

/// A load running on a thread of its own, and what it measured once done.
private final class BackgroundLoad: Sendable {
    let done = DispatchGroup()
    let figures = Mutex<LevelFigures?>(nil)
}
