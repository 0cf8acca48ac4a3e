import ArgumentParser
import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting

/// Issue 5's scale benchmark: a local 3-node cluster whose state holds a million tickets and a
/// hundred thousand queued contacts; prints read and enqueue latencies and snapshot times.
struct ScaleBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Read and enqueue latency, and snapshot times, with 1,000,000 tickets and 100,000 queued contacts.",
        discussion: """
            Loads the topology through the API, stops the nodes, writes the tickets and the contact-center \
            model into every node's database (the same rows at the same applied index), starts them again \
            and measures. Progress goes to standard error, figures to standard output.
            """)

    static let nodes = 3

    @Option(help: "Tickets in the state.")
    var tickets = 1_000_000

    @Option(help: "Queued contacts in the state.")
    var contacts = 100_000

    @Option(help: "Sequential calls per read measurement.")
    var reads = 1_000

    @Option(help: "Sequential center.status calls.")
    var centerStatusCalls = 200

    @Option(help: "Sequential contact.enqueue calls; they join the queued contacts (at most 200,000 live).")
    var enqueues = 2_000

    @Option(help: "The topology file.")
    var topology = "Deploy/topology/china-2020.json"

    @Option(help: "The center-node executable (default: the one next to interflow-bench).")
    var centerNode: String?

    @Flag(help: "Skip the in-process snapshot and restore timing.")
    var noSnapshot = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard (1...10_000_000).contains(tickets) else { throw ValidationError("--tickets must be 1 to 10000000") }
        // The model holds at most 200,000 live contacts, and the enqueues join the seeded ones.
        guard (0...190_000).contains(contacts) else { throw ValidationError("--contacts must be 0 to 190000") }
        guard (1...100_000).contains(reads) else { throw ValidationError("--reads must be 1 to 100000") }
        guard (1...100_000).contains(centerStatusCalls) else { throw ValidationError("--center-status-calls must be 1 to 100000") }
        guard (1...10_000).contains(enqueues) else { throw ValidationError("--enqueues must be 1 to 10000") }
    }

    func run() throws {
        let nodePath = try CenterNodePath.resolve(centerNode)
        let machine = MachineFacts.current(centerNode: nodePath)
        var setup = ScaleSetupFigures()
        let clock = ContinuousClock()

        let topology = try ScaleModel.topology(from: self.topology)
        progress("building the model: \(contacts) queued contacts")
        var began = clock.now
        let model = try ScaleModel.build(topology: topology, contacts: contacts, endMs: Int64(Date().timeIntervalSince1970 * 1000))
        let image = APIJSON.encode(model)
        setup.modelBuildSeconds = (clock.now - began).seconds
        setup.modelImageBytes = image.count

        progress("starting \(Self.nodes) nodes (\(nodePath))")
        let cluster = try TestCluster.start(nodes: Self.nodes, centerNodePath: nodePath, timeoutMs: 60_000)
        defer { cluster.shutdown() }
        let control = ScaleCluster(cluster: cluster)
        try loadTopology(topology, on: cluster)
        let appliedIndex = try control.stopAtOneAppliedIndex(progress: progress)
        progress("nodes stopped at applied index \(appliedIndex); seeding \(tickets) tickets into each")
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        for id in cluster.nodeIDs {
            let path = try control.databasePath(node: id)
            let outcome = try ScaleSeed(tickets: tickets).write(into: path, model: image, centers: topology.centers, nowMs: nowMs)
            setup.seedSecondsPerNode.append(outcome.seconds)
            setup.databaseBytesPerNode.append(Self.fileBytes(path))
            progress("node \(id) seeded in \(Int(outcome.seconds)) s (model at index \(outcome.modelIndex))")
        }
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let seededCopy = scratch + "/seeded.sqlite"
        if !noSnapshot { try FileManager.default.copyItem(atPath: try control.databasePath(node: 1), toPath: seededCopy) }

        progress("starting the seeded nodes")
        began = clock.now
        try control.startAll()
        try cluster.waitForLeader(timeoutMs: 300_000)
        setup.restartToLeaderSeconds = (clock.now - began).seconds
        let leader = try control.waitForPreferredLeader(limit: .seconds(120))
        setup.measuredLeader = leader

        let probes = try ScaleProbes(cluster: cluster, leader: leader, tickets: tickets, centers: topology.centers.map(\.id))
        defer { probes.close() }
        let queuedBefore = try probes.liveContacts()
        guard queuedBefore == contacts else {
            throw ScaleSetupError.stateMissing("center.status counts \(queuedBefore) live contacts, not \(contacts)")
        }
        var readFigures: [SeriesFigures] = []
        for probe in ScaleProbes.Read.allCases {
            let calls = probe == .centerStatus ? centerStatusCalls : reads
            progress("measuring \(probe.label): \(calls) calls")
            readFigures.append(try probes.measure(probe, calls: calls))
        }
        progress("measuring contact.enqueue: \(enqueues) calls")
        let pids = try cluster.nodeIDs.map { (id: $0, pid: try cluster.record(node: $0).pid ?? 0) }
        let cpuBefore = pids.map { ProcessCPU.milliseconds(pid: $0.pid) }
        let enqueue = probes.enqueue(calls: enqueues, branches: topology.centers.flatMap(\.branches))
        let cpuAfter = pids.map { ProcessCPU.milliseconds(pid: $0.pid) }
        let enqueueCPU = zip(pids, zip(cpuBefore, cpuAfter)).compactMap { node, cpu -> NodeCPU? in
            guard let before = cpu.0, let after = cpu.1 else { return nil }
            return NodeCPU(node: node.id, msPerCall: (after - before) / Double(enqueue.answered + LatencySeries.warmupCalls))
        }
        let queuedAfter = try probes.liveContacts()
        setup.leaderAfterMeasuring = try cluster.waitForLeader()
        probes.close()
        cluster.shutdown()

        var snapshot: SnapshotFigures?
        if !noSnapshot {
            snapshot = try SnapshotTiming(databasePath: seededCopy, scratchDirectory: scratch).run(progress: progress)
        }
        let report = ScaleReport(
            machine: machine, nodes: Self.nodes, tickets: tickets, contacts: contacts, setup: setup, reads: readFigures,
            enqueue: enqueue, enqueueCPU: enqueueCPU, queuedBefore: queuedBefore, queuedAfter: queuedAfter,
            enqueuesSent: enqueues + LatencySeries.warmupCalls, snapshot: snapshot)
        print(json ? report.json : ScaleTable.render(report))
    }

    private func loadTopology(_ topology: Topology, on cluster: TestCluster) throws {
        progress("loading the topology (\(topology.centers.count) centers)")
        let admin = try cluster.client(node: try cluster.waitForLeader(), role: .admin)
        defer { admin.close() }
        _ = try admin.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
    }

    private static func fileBytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    private static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-scale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func progress(_ text: String) {
        FileHandle.standardError.write(Data(("scale bench: " + text + "\n").utf8))
    }
}
