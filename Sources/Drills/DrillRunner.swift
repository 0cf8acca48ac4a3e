import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import Synchronization

/// Runs one drill against a local cluster: steady state first, then load, the fault, observation
/// with the abort conditions, the rollback (always, even after an abort or an interruption), the
/// wait for the steady state to come back, the audit of every acknowledged write, and the report.
public final class DrillRunner: Sendable {
    public let directory: String
    public let plan: DrillPlan
    let progress: @Sendable (String) -> Void
    let interrupted: @Sendable () -> Bool
    /// The clusterctl executable, for the watchdogs that undo a kill if the drill dies.
    private let clusterctl: String?

    /// Simulated contacts flow this long before the steady state is checked.
    static let floorWarmUpMs = 5_000
    /// How often the cluster is observed while the fault is in place.
    static let observeIntervalMs = 250
    /// A line of progress at most this often while observing.
    static let progressIntervalMs = 2_000

    public init(
        directory: String, plan: DrillPlan, progress: @escaping @Sendable (String) -> Void,
        interrupted: @escaping @Sendable () -> Bool, clusterctl: String? = nil
    ) {
        self.clusterctl = clusterctl
        self.directory = directory
        self.plan = plan
        self.progress = progress
        self.interrupted = interrupted
    }

    /// What the drill would do, without doing it.
    public func dryRun() throws -> [String] {
        let state = try LocalClusterState.load(directory: directory)
        let status = try LocalClusterControl.status(directory: directory, timeoutMs: 1_000)
        let action = try DrillFaultAction(spec: plan.fault, directory: directory, durationMs: plan.durationMs, state: state, leader: status.leader?.id)
        return [
            "drill \(plan.name) on \(directory) (dry run: nothing is changed)",
            "1. check the steady state: \(Self.describe(plan.hypothesis))",
            "2. start the load: \(plan.load.ticketAppendsPerSecond) ticket appends a second"
                + (plan.load.contactsPerHourPerBranch > 0 ? ", \(plan.load.contactsPerHourPerBranch) contacts an hour at each branch" : ""),
            "3. fault for \(plan.durationMs / 1000) s: \(action.description)",
            "4. abort at once if: \(Self.describe(plan.abort))",
            "5. roll back (always), then wait up to \(plan.recoveryTimeoutMs / 1000) s for the steady state",
            "6. audit every acknowledged write and write the report",
        ]
    }

    public func run() throws -> DrillReport {
        var clock = DrillClock()
        var marks: [DrillReport.Mark] = []
        var reasons: [String] = []
        func mark(_ what: String) {
            marks.append(clock.mark(what, source: "drill"))
            progress("[\(clock.elapsedText)] \(what)")
        }
        var state = try LocalClusterState.load(directory: directory)
        try LocalClusterControl.recordRunning(in: &state)
        let id = Self.reportID(plan.name)
        // Contacts flow first, so that the steady state has service levels to check.
        let floorTopology = try plan.load.topology.map { path in
            do {
                return try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw DrillError.plan(path, "the load's topology cannot be read: \(error)")
            }
        }
        var floor: DrillFloor?
        if let floorTopology, let floorPlan = plan.load.floor(seed: UInt64(clock.startedAtMs), durationMs: 86_400_000) {
            floor = DrillFloor(directory: directory, plan: floorPlan, topology: floorTopology)
            mark("load: \(plan.load.contactsPerHourPerBranch) contacts an hour at each branch, \(plan.load.agentsPerCenter) agents at each center")
            Thread.sleep(forTimeInterval: Double(Self.floorWarmUpMs) / 1000)
        }
        defer { _ = floor?.stop() }
        mark("steady state: checking \(Self.describe(plan.hypothesis))")
        let before = observe()
        let startIndex = before.commitIndex ?? 0
        if let failed = check(plan.hypothesis, before, blast: blastCenters) {
            reasons.append("the steady state did not hold before the fault: \(failed)")
            return finish(id, clock, marks, [], nil, nil, DrillLoadOutcome(), before: before, during: nil, after: nil, .notStarted, reasons, startIndex)
        }
        // Resolved before the load starts, so that a plan naming a center no node serves stops here.
        var action = try DrillFaultAction(
            spec: plan.fault, directory: directory, durationMs: plan.durationMs, state: state, leader: before.leader)
        action.clusterctl = clusterctl
        let load = try DrillLoad(directory: directory, state: state, perSecond: plan.load.ticketAppendsPerSecond, tag: id)
        load.start()
        mark("load: \(plan.load.ticketAppendsPerSecond) ticket appends a second over \(DrillLoad.ticketCount) drill tickets")
        var samples: [DrillReport.Sample] = []
        var verdict = DrillReport.Verdict.held
        var during: Observation?
        note(id, .started, "\(plan.name): \(action.description) for \(plan.durationMs / 1000) s", &reasons)
        clock.faultStarts()
        if plan.fault.kind == .staffAbsent { floor?.setAbsent(Set(plan.fault.centers)) }
        do {
            try action.inject(state: &state)
            mark("fault injected: \(action.description)")
            (verdict, during) = watch(&samples, &reasons, &clock, load: load)
            if verdict == .aborted { mark("abort: \(reasons.last ?? "")") }
        } catch {
            verdict = .aborted
            reasons.append("the fault could not be injected: \(error)")
        }
        // The rollback runs whatever happened above.
        floor?.setAbsent([])
        let problems = action.remove(state: &state)
        clock.faultEnds()
        mark("fault removed" + (problems.isEmpty ? "" : "; could not undo: \(problems.joined(separator: "; "))"))
        reasons += problems.map { "rollback: \($0)" }
        let recoveryDeadline = ContinuousClock.now + .milliseconds(plan.recoveryTimeoutMs)
        let after = waitForSteadyState(&samples, &clock, until: recoveryDeadline)
        if after != nil {
            mark("steady state regained")
            if plan.waitForFailback, !plan.fault.centers.isEmpty {
                if let up = waitForFailback(&samples, &clock, until: recoveryDeadline) {
                    mark("failback complete: \(up)")
                } else {
                    reasons.append("failback was still under way when the recovery timeout ran out")
                }
            }
        } else if interrupted() {
            if verdict == .held { verdict = .aborted }
            reasons.append("interrupted while waiting for the steady state to come back")
        } else if verdict == .held {
            verdict = .deviated
            reasons.append("the steady state did not come back within \(plan.recoveryTimeoutMs / 1000) s of the fault's removal")
        }
        let final = observe()
        let outcome = DrillLoadOutcome(load.stop(), faultWindow: clock.faultWindowMs)
        mark("load stopped: \(outcome.acknowledged.count) writes acknowledged")
        if let stopped = floor?.stop(), let floorTopology {
            floor = nil
            if let tally = stopped.tally { mark("floor stopped: " + FloorSimulation.line(tally)) }
            if let error = stopped.error { reasons.append("the simulated floor failed: \(error)") }
            for center in plan.fault.centers where plan.fault.kind != .brokenRoute {
                guard let faultAtMs = clock.faultAtMs,
                    let first = DrillFloor.firstServedElsewhere(stopped.placements, center: center, topology: floorTopology, sinceMs: faultAtMs)
                else { continue }
                marks.append(clock.mark("first contact of \(center)'s branches served elsewhere: contact \(first.contact) from \(first.branch) placed at \(first.center)", source: "load", atMs: first.atMs))
            }
        }
        let audit: DrillReport.Audit
        do {
            audit = try self.audit(load.tickets, outcome)
        } catch {
            // The rollback is done; the report is still written, and says the audit is missing.
            audit = DrillReport.Audit(
                acknowledged: outcome.acknowledged.count, lost: 0, duplicated: 0, examples: [], failedAttempts: outcome.failures,
                longestWriteGapMs: outcome.longestGapMs)
            if verdict == .held { verdict = .deviated }
            reasons.append("the audit could not read the drill's tickets back: \(error)")
        }
        if audit.lost > 0 || audit.duplicated > 0 {
            if verdict == .held { verdict = .deviated }
            reasons.append("the audit found \(audit.lost) acknowledged writes lost and \(audit.duplicated) duplicated")
        }
        let ending = "verdict \(verdict.rawValue), RTO " + (DrillRunner.recoveryTime(plan.fault, events: (try? clusterEvents(after: startIndex)) ?? [], faultAtMs: clock.faultAtMs).map { "\($0) ms" } ?? "none")
            + ", \(audit.lost) of \(audit.acknowledged) acknowledged writes lost"
        note(id, verdict == .aborted ? .aborted : .finished, ending, &reasons)
        return finish(id, clock, marks, samples, action.targets.map(\.id), audit, outcome, before: before, during: during, after: final, verdict, reasons, startIndex)
    }

    /// The drill's own line in the cluster's history; a cluster that cannot take it (no quorum)
    /// does not stop the drill, and the report says so.
    private func note(_ id: String, _ phase: DrillMarkArgs.Phase, _ text: String, _ reasons: inout [String]) {
        let mark = DrillMarkArgs(drill: String(id.prefix(DrillMarkArgs.maxDrillCharacters)), phase: phase, text: String(text.prefix(DrillMarkArgs.maxTextCharacters)), center: plan.fault.centers.first)
        do {
            _ = try AdminCall.leader(directory: directory, .drillMark, mark, as: ContactCenterAnswer.self)
        } catch {
            reasons.append("the drill's \(phase.rawValue) mark could not be written to the history: \(error)")
        }
    }

    struct Observation {
        var leader: UInt64?
        var commitIndex: UInt64?
        var centers: [CenterStatusRecord]
    }

    // MARK: audit and report

    private func audit(_ tickets: [Int64], _ outcome: DrillLoadOutcome) throws -> DrillReport.Audit {
        var lines: [Int64: [String: Int]] = [:]
        for ticket in tickets {
            let read = try AdminCall.leader(directory: directory, .ticketGet, TicketGetArgs(ticketId: ticket), as: Ticket.self)
            for line in read.history { lines[ticket, default: [:]][line.text, default: 0] += 1 }
        }
        var lost: [String] = []
        var duplicated: [String] = []
        for write in outcome.acknowledged {
            switch lines[write.ticketId]?[write.text] ?? 0 {
            case 0: lost.append("ticket \(write.ticketId): \(write.text)")
            case 1: break
            default: duplicated.append("ticket \(write.ticketId): \(write.text)")
            }
        }
        return DrillReport.Audit(
            acknowledged: outcome.acknowledged.count, lost: lost.count, duplicated: duplicated.count,
            examples: Array((lost + duplicated).prefix(10)), failedAttempts: outcome.failures, longestWriteGapMs: outcome.longestGapMs)
    }

    private func finish(
        _ id: String, _ clock: DrillClock, _ marks: [DrillReport.Mark], _ samples: [DrillReport.Sample], _ targets: [UInt64]?,
        _ audit: DrillReport.Audit?, _ outcome: DrillLoadOutcome, before: Observation, during: Observation?, after: Observation?,
        _ verdict: DrillReport.Verdict, _ reasons: [String], _ startIndex: UInt64
    ) -> DrillReport {
        let events = (try? clusterEvents(after: startIndex)) ?? []
        let eventMarks = events.map { clock.mark("\($0.kind.rawValue)\($0.center.map { " \($0)" } ?? ""): \($0.text)", source: "cluster", atMs: $0.atMs) }
        // Marks made before the fault's start know it only now.
        let timeline = (marks + eventMarks).map { clock.mark($0.what, source: $0.source, atMs: $0.atMs) }
            .sorted { ($0.atMs, $0.source) < ($1.atMs, $1.source) }
        let blast = blastCenters
        return DrillReport(
            id: id, plan: plan, targetNodes: targets ?? [], startedAtMs: clock.startedAtMs, faultInjectedAtMs: clock.faultAtMs,
            faultRemovedAtMs: clock.faultEndedAtMs, endedAtMs: DrillClock.nowMs(), timeline: timeline, samples: samples,
            rtoMs: Self.recoveryTime(plan.fault, events: events, faultAtMs: clock.faultAtMs),
            audit: audit ?? DrillReport.Audit(acknowledged: 0, lost: 0, duplicated: 0, examples: [], failedAttempts: 0, longestWriteGapMs: nil),
            serviceLevelBefore: Self.lowestServiceLevel(before, outside: blast),
            serviceLevelDuring: during.flatMap { Self.lowestServiceLevel($0, outside: blast) },
            serviceLevelAfter: after.flatMap { Self.lowestServiceLevel($0, outside: blast) }, verdict: verdict, reasons: reasons)
    }

    private func clusterEvents(after index: UInt64) throws -> [EventRecord] {
        var events: [EventRecord] = []
        var args = EventListArgs(afterIndex: index, limit: EventListArgs.maxLimit)
        for _ in 0..<50 {
            let page = try AdminCall.leader(directory: directory, .eventsList, args, as: EventPage.self)
            events += page.events
            guard page.more else { break }
            args.afterIndex = page.lastIndex
        }
        return events
    }

    static func reportID(_ name: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
        return "\(formatter.string(from: Date()))-\(String(safe))"
    }
}
