import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import Synchronization

/// Injects one fault at a time into a local cluster, each healed before the next: kill -9 and a
/// restart, SIGSTOP and SIGCONT, or a partition from every peer through the node's admin API
/// (which also ends by itself, should the nemesis die). Its choices follow the seed.
final class ChaosNemesis: Sendable {
    private let directory: String
    private let options: ChaosOptions
    private let steps = Mutex<[ChaosReport.NemesisStep]>([])
    private let stopping = Atomic<Bool>(false)

    init(directory: String, options: ChaosOptions) {
        self.directory = directory
        self.options = options
    }

    var record: [ChaosReport.NemesisStep] { steps.withLock { $0 } }

    func stop() { stopping.store(true, ordering: .relaxed) }

    /// Faults until `stop` or until `untilMs` on the run's clock (`elapsedMs`); the last is healed
    /// before it returns.
    func run(untilMs: Int, elapsedMs: @Sendable () -> Int, log: @Sendable (String) -> Void) {
        var random = SplitMix64(seed: options.seed)
        func wait(_ milliseconds: Int) {
            let end = elapsedMs() + milliseconds
            while !stopping.load(ordering: .relaxed), elapsedMs() < end { Thread.sleep(forTimeInterval: 0.02) }
        }
        while !stopping.load(ordering: .relaxed) {
            wait(Int.drawn(from: options.quietMs, &random))
            let lastingMs = Int.drawn(from: options.faultMs, &random)
            guard elapsedMs() + lastingMs < untilMs, !stopping.load(ordering: .relaxed),
                let fault = random.pick(options.faults), var state = try? LocalClusterState.load(directory: directory)
            else { return }
            guard let target = self.target(fault, state, &random) else { continue }
            let startedMs = elapsedMs()
            guard inject(fault, target, lastingMs: lastingMs, &state) else { continue }
            log("nemesis: \(fault.rawValue) node \(target.id) for \(lastingMs) ms")
            // A fault is healed even when told to stop meanwhile: the cluster is left whole.
            let end = elapsedMs() + lastingMs
            while elapsedMs() < end, !stopping.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.02) }
            heal(fault, target, &state)
            steps.withLock {
                $0.append(ChaosReport.NemesisStep(fault: fault, node: target.id, atMs: startedMs, healedAtMs: elapsedMs()))
            }
        }
    }

    private func target(_ fault: ChaosFault, _ state: LocalClusterState, _ random: inout SplitMix64) -> LocalClusterState.NodeRecord? {
        switch fault {
        case .killLeader, .pauseLeader, .partitionLeader:
            let leader = (try? LocalClusterControl.status(directory: directory, timeoutMs: 500))?.leader?.id
            return state.nodes.first { $0.id == leader }
        case .kill, .pause, .partition:
            return random.pick(state.nodes.filter { $0.pid != nil })
        }
    }

    private func inject(_ fault: ChaosFault, _ target: LocalClusterState.NodeRecord, lastingMs: Int, _ state: inout LocalClusterState) -> Bool {
        switch fault {
        case .kill, .killLeader:
            return (try? LocalClusterControl.kill(node: target.id, in: &state)) ?? false
        case .pause, .pauseLeader:
            guard let pid = target.pid else { return false }
            return ProcessControl.signal(SIGSTOP, pid: pid, identity: LocalClusterControl.identity(target, in: state))
        case .partition, .partitionLeader:
            let others = state.nodes.map(\.id).filter { $0 != target.id }
            let args = FaultInjectArgs(kind: .partition, durationMs: lastingMs + DrillFaultAction.selfExpiryGraceMs, peers: others)
            return (try? AdminCall.node(directory: directory, id: target.id, .faultInject, args, as: FaultState.self, timeoutMs: 2_000)) != nil
        }
    }

    private func heal(_ fault: ChaosFault, _ target: LocalClusterState.NodeRecord, _ state: inout LocalClusterState) {
        switch fault {
        case .kill, .killLeader:
            try? LocalClusterControl.start(node: target.id, in: &state)
        case .pause, .pauseLeader:
            if let pid = target.pid { _ = ProcessControl.signal(SIGCONT, pid: pid, identity: LocalClusterControl.identity(target, in: state)) }
        case .partition, .partitionLeader:
            // Cleared now; were the call lost, the fault ends at its own deadline anyway.
            _ = try? AdminCall.node(directory: directory, id: target.id, .faultClear, FaultClearArgs(), as: FaultState.self, timeoutMs: 2_000)
        }
    }
}

extension Int {
    /// A value of `range` drawn from the seeded generator, so that a seed repeats the nemesis's choices.
    static func drawn(from range: ClosedRange<Int>, _ random: inout SplitMix64) -> Int {
        range.lowerBound + random.below(range.count)
    }
}
