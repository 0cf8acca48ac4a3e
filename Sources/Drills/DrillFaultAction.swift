import ClientAPI
import Foundation
import LocalCluster

/// Puts a plan's fault in place and takes it away again. Node faults go through each node's admin
/// API with a deadline a little after the drill's end, so they end by themselves if the drill tool
/// dies; a pause gets a detached watchdog that sends SIGCONT at that deadline; a killed node is
/// started again by `remove`, and at that deadline by a watchdog running `clusterctl local start`
/// (which leaves a running node alone) when the drill runs from clusterctl.
struct DrillFaultAction {
    let spec: DrillFaultSpec
    let directory: String
    let durationMs: Int
    /// The nodes hit, resolved before injection (for leader-kill, the leader of that moment).
    let targets: [LocalClusterState.NodeRecord]
    /// The clusterctl executable, for the watchdog that starts a killed node again; nil leaves
    /// that to `remove` alone (a drill run from a test).
    var clusterctl: String?
    /// For staff-absent: the agents logged off, to log in again.
    private(set) var loggedOff: [AgentRecord] = []
    /// A WAN lab's cluster: blackouts and partitions cut links with nftables, as a WAN fails,
    /// instead of dropping traffic inside the node.
    let cutsLinks: Bool
    /// The watchdogs this drill started: needed only if it dies, so `remove` ends them. Left to
    /// run, a watchdog would undo a later drill's fault at this one's deadline.
    private(set) var watchdogs: [Process] = []

    /// Node faults outlive the planned duration by this much, so that the drill removes them
    /// first and they end by themselves only if it cannot.
    static let selfExpiryGraceMs = 15_000

    init(spec: DrillFaultSpec, directory: String, durationMs: Int, state: LocalClusterState, leader: UInt64?) throws {
        self.spec = spec
        self.directory = directory
        self.durationMs = durationMs
        cutsLinks = state.lab != nil
        switch spec.kind {
        case .leaderKill:
            guard let leader, let record = state.nodes.first(where: { $0.id == leader }) else {
                throw DrillError.cannotRun("leader-kill needs a leader, and the cluster has none")
            }
            targets = [record]
        case .staffAbsent, .brokenRoute:
            // The node keeps running: the fault is in the replicated state, not in a process.
            targets = []
        default:
            targets = try spec.centers.map { center in
                guard let record = state.nodes.first(where: { $0.center == center }) else {
                    throw DrillError.cannotRun("no node of this cluster serves center \(center) (it has \(state.nodes.map(\.center).joined(separator: ", ")))")
                }
                return record
            }
        }
    }

    /// What `inject` will do, for `--dry-run` and the report.
    var description: String {
        let nodes = targets.map { "node \($0.id) (\($0.center))" }.joined(separator: ", ")
        switch spec.kind {
        case .centerBlackout where cutsLinks, .twoCentersDark where cutsLinks: return "cut every link of \(nodes) (nftables in the lab)"
        case .partition where cutsLinks: return "cut the links between \(nodes) and every other node (nftables in the lab)"
        case .centerBlackout, .twoCentersDark: return "cut off \(nodes) from peers and clients (fault.inject blackout)"
        case .partition: return "partition \(nodes) from every other node (fault.inject partition)"
        case .slowDisk: return "slow the log writes of \(nodes) by \(spec.delayMs ?? 0) ms (fault.inject slow-disk)"
        case .linkDelay: return "delay the peer messages of \(nodes) by \(spec.delayMs ?? 0) ms (fault.inject delay)"
        case .centerKill, .leaderKill: return "kill -9 \(nodes), started again at the end"
        case .pause: return "SIGSTOP \(nodes), SIGCONT at the end"
        case .staffAbsent: return "log off every agent serving \(spec.centers.joined(separator: ", ")), log them in again at the end"
        case .brokenRoute: return "mark the route \(spec.centers.joined()) → \(spec.backup ?? "?") broken, mend it at the end"
        }
    }

    mutating func inject(state: inout LocalClusterState) throws {
        let expiresMs = durationMs + Self.selfExpiryGraceMs
        switch spec.kind {
        case .centerBlackout where cutsLinks, .twoCentersDark where cutsLinks:
            for target in targets { try LabFirewall.cut(center: target.center) }
            try healWatchdog(afterMs: expiresMs)
        case .partition where cutsLinks:
            let inside = Set(targets.map(\.id))
            try LabFirewall.partition(centers: targets.map(\.center), from: state.nodes.map(\.id).filter { !inside.contains($0) })
            try healWatchdog(afterMs: expiresMs)
        case .centerBlackout, .twoCentersDark:
            for target in targets { try node(target.id, FaultInjectArgs(kind: .blackout, durationMs: expiresMs)) }
        case .partition:
            let inside = Set(targets.map(\.id))
            let outside = state.nodes.map(\.id).filter { !inside.contains($0) }
            for target in targets { try node(target.id, FaultInjectArgs(kind: .partition, durationMs: expiresMs, peers: outside)) }
        case .slowDisk:
            for target in targets { try node(target.id, FaultInjectArgs(kind: .slowDisk, durationMs: expiresMs, delayMs: spec.delayMs)) }
        case .linkDelay:
            for target in targets { try node(target.id, FaultInjectArgs(kind: .delay, durationMs: expiresMs, delayMs: spec.delayMs)) }
        case .centerKill, .leaderKill:
            for target in targets {
                _ = try LocalClusterControl.kill(node: target.id, in: &state)
                if let clusterctl {
                    watchdogs.append(try Self.watchdog(running: [clusterctl, "local", "start", "--dir", directory, "--node", "\(target.id)"], afterMs: expiresMs))
                }
            }
        case .pause:
            for target in targets {
                guard let pid = target.pid, ProcessControl.signal(SIGSTOP, pid: pid, identity: LocalClusterControl.identity(target, in: state)) else {
                    throw DrillError.cannotRun("node \(target.id) is not running: nothing to pause")
                }
                watchdogs.append(try Self.watchdog(running: ["/bin/kill", "-CONT", "\(pid)"], afterMs: expiresMs))
            }
        case .staffAbsent:
            let center = spec.centers[0]
            // An agent serving a contact is refused: it goes home once free (the drill's own
            // simulated agents do; others stay, and the report's timeline shows when the center went dark).
            for agent in try Self.presentAgents(serving: center, directory: directory) {
                do {
                    _ = try AdminCall.leader(directory: directory, .agentOffline, AgentArgs(agent: agent.id), as: ContactCenterAnswer.self)
                    loggedOff.append(agent)
                } catch let error as APIError where error.code == .conflict {
                    continue
                }
            }
        case .brokenRoute:
            _ = try AdminCall.leader(
                directory: directory, .routeBroken, RouteBrokenArgs(from: spec.centers[0], to: spec.backup ?? "", broken: true),
                as: ContactCenterAnswer.self)
        }
    }

    /// Takes the fault away; returns what could not be undone (the report says so).
    func remove(state: inout LocalClusterState) -> [String] {
        var problems: [String] = []
        func attempt(_ what: String, _ body: () throws -> Void) {
            do { try body() } catch { problems.append("\(what): \(error)") }
        }
        switch spec.kind {
        case .centerBlackout where cutsLinks, .twoCentersDark where cutsLinks, .partition where cutsLinks:
            for target in targets { attempt("mend the links of \(target.center)") { try LabFirewall.heal(center: target.center) } }
        case .centerBlackout, .twoCentersDark, .partition, .slowDisk, .linkDelay:
            for target in targets { attempt("clear node \(target.id)") { try clear(target.id) } }
        case .centerKill, .leaderKill:
            for target in targets { attempt("start node \(target.id)") { try LocalClusterControl.start(node: target.id, in: &state) } }
        case .pause:
            for target in targets {
                if let pid = target.pid { _ = ProcessControl.signal(SIGCONT, pid: pid, identity: LocalClusterControl.identity(target, in: state)) }
            }
        case .staffAbsent:
            for agent in loggedOff {
                attempt("log \(agent.id) in") {
                    let args = AgentLoginArgs(agent: agent.id, center: agent.homeCenter, skills: agent.skills, channels: agent.channels)
                    _ = try AdminCall.leader(directory: directory, .agentLogin, args, as: ContactCenterAnswer.self)
                }
            }
        case .brokenRoute:
            attempt("mend the route") {
                _ = try AdminCall.leader(
                    directory: directory, .routeBroken, RouteBrokenArgs(from: spec.centers[0], to: spec.backup ?? "", broken: false),
                    as: ContactCenterAnswer.self)
            }
        }
        // Undone by the drill itself: its watchdogs have nothing left to do. A failed undo keeps
        // them, as the fault's last way out.
        if problems.isEmpty {
            for watchdog in watchdogs where watchdog.isRunning { kill(watchdog.processIdentifier, SIGKILL) }
        }
        return problems
    }

    /// Cut links mend themselves at the deadline if this drill dies first, as node faults expire.
    private mutating func healWatchdog(afterMs: Int) throws {
        guard let clusterctl else { return }
        watchdogs.append(try Self.watchdog(running: [clusterctl, "lab", "heal"] + targets.map(\.center), afterMs: afterMs))
    }

    private func node(_ id: UInt64, _ args: FaultInjectArgs) throws {
        _ = try AdminCall.node(directory: directory, id: id, .faultInject, args, as: FaultState.self)
    }

    private func clear(_ id: UInt64) throws {
        _ = try AdminCall.node(directory: directory, id: id, .faultClear, FaultClearArgs(), as: FaultState.self)
    }

    /// Every agent serving `center` and logged in, through the leader, page by page (bounded).
    static func presentAgents(serving center: String, directory: String) throws -> [AgentRecord] {
        var agents: [AgentRecord] = []
        var after: String?
        for _ in 0..<100 {
            let page = try AdminCall.leader(
                directory: directory, .agentList, AgentListArgs(center: center, afterId: after, limit: AgentListArgs.maxLimit), as: AgentPage.self)
            agents += page.agents.filter { $0.state != .offline && $0.homeCenter == center }
            guard let next = page.nextAfterId else { break }
            after = next
        }
        return agents
    }

    /// A detached `sh` that runs `command` at the deadline even if this drill dies (the arguments
    /// are passed as such, never through the shell's parsing).
    @discardableResult
    static func watchdog(running command: [String], afterMs: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "sleep \(Double(afterMs) / 1000); exec \"$@\" >/dev/null 2>&1", "watchdog"] + command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
