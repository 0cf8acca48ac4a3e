import ClientAPI
import ContactCenter
import Foundation
import LocalCluster

/// Watching the cluster while a drill runs: observations, the hypothesis and the abort conditions.
extension DrillRunner {
    func observe() -> Observation {
        guard let status = try? LocalClusterControl.status(directory: directory, timeoutMs: 500) else {
            return Observation(leader: nil, commitIndex: nil, centers: [])
        }
        let leaderRow = status.nodes.first { $0.id == status.leader?.id }
        return Observation(leader: status.leader?.id, commitIndex: leaderRow?.commitIndex, centers: status.centers ?? [])
    }

    var blastCenters: Set<String> {
        var centers = Set(plan.fault.centers)
        if let backup = plan.fault.backup { centers.insert(backup) }
        return centers
    }

    /// The lowest service level of the centers outside the blast radius that have one.
    static func lowestServiceLevel(_ observation: Observation, outside blast: Set<String>) -> Double? {
        observation.centers.filter { !blast.contains($0.id) }.flatMap { $0.channels.values.compactMap(\.serviceLevel) }.min()
    }

    static func longestWaitMs(_ observation: Observation, outside blast: Set<String>) -> Int64? {
        observation.centers.filter { !blast.contains($0.id) }.flatMap { $0.channels.values.map(\.oldestWaitMs) }.max()
    }

    /// The first part of `hypothesis` that does not hold; nil when it all does.
    func check(_ hypothesis: SteadyState, _ observation: Observation, blast: Set<String>) -> String? {
        if hypothesis.quorum && observation.leader == nil { return "no leader (no quorum)" }
        if let floor = hypothesis.minServiceLevel, let level = Self.lowestServiceLevel(observation, outside: blast), level < floor {
            return "service level \(Self.percent(level)) is under \(Self.percent(floor))"
        }
        if let ceiling = hypothesis.maxOldestWaitMs, let wait = Self.longestWaitMs(observation, outside: blast), wait > ceiling {
            return "the oldest contact has waited \(wait) ms, over \(ceiling) ms"
        }
        return nil
    }

    /// Observes until the planned duration is over or an abort condition trips.
    func watch(
        _ samples: inout [DrillReport.Sample], _ reasons: inout [String], _ clock: inout DrillClock, load: DrillLoad
    ) -> (DrillReport.Verdict, Observation?) {
        var noLeaderSince: ContinuousClock.Instant?
        var lastProgress = ContinuousClock.now
        var verdict = DrillReport.Verdict.held
        var worst: Observation?
        let end = ContinuousClock.now + .milliseconds(plan.durationMs)
        while ContinuousClock.now < end {
            let observation = observe()
            samples.append(Self.sample(observation, sinceFaultMs: clock.sinceFaultMs))
            if worst == nil || (Self.lowestServiceLevel(observation, outside: blastCenters) ?? 1)
                < (Self.lowestServiceLevel(worst!, outside: blastCenters) ?? 1)
            {
                worst = observation
            }
            if observation.leader == nil {
                noLeaderSince = noLeaderSince ?? .now
            } else {
                noLeaderSince = nil
            }
            if let why = abortReason(observation, noLeaderSince: noLeaderSince) {
                reasons.append(why)
                return (.aborted, worst)
            }
            if let failed = check(SteadyState(quorum: false, minServiceLevel: plan.hypothesis.minServiceLevel, maxOldestWaitMs: plan.hypothesis.maxOldestWaitMs), observation, blast: blastCenters), verdict == .held {
                verdict = .deviated
                reasons.append("during the fault, outside the blast radius: \(failed)")
            }
            if lastProgress.duration(to: .now) >= .milliseconds(Self.progressIntervalMs) {
                lastProgress = .now
                progress("[\(clock.elapsedText)] observing: \(Self.summary(observation, blast: blastCenters)), \(load.acknowledgedCount) writes acknowledged")
            }
            Thread.sleep(forTimeInterval: Double(Self.observeIntervalMs) / 1000)
        }
        return (verdict, worst)
    }

    func abortReason(_ observation: Observation, noLeaderSince: ContinuousClock.Instant?) -> String? {
        if interrupted() { return "interrupted (Ctrl-C or clusterctl drill abort)" }
        if let limit = plan.abort.maxNoQuorumMs, let since = noLeaderSince, since.duration(to: .now) > .milliseconds(limit) {
            return "abort condition: no leader for more than \(limit) ms"
        }
        if let floor = plan.abort.minServiceLevel, let level = Self.lowestServiceLevel(observation, outside: blastCenters), level < floor {
            return "abort condition: service level \(Self.percent(level)) under \(Self.percent(floor)) outside the blast radius"
        }
        if let ceiling = plan.abort.maxOldestWaitMs, let wait = Self.longestWaitMs(observation, outside: blastCenters), wait > ceiling {
            return "abort condition: a contact has waited \(wait) ms, over \(ceiling) ms"
        }
        return nil
    }

    /// Polls until the hypothesis holds and no target center is dark; nil after `end`.
    func waitForSteadyState(
        _ samples: inout [DrillReport.Sample], _ clock: inout DrillClock, until end: ContinuousClock.Instant
    ) -> Observation? {
        while ContinuousClock.now < end, !interrupted() {
            let observation = observe()
            samples.append(Self.sample(observation, sinceFaultMs: clock.sinceFaultMs))
            let targetsDark = observation.centers.contains { plan.fault.centers.contains($0.id) && $0.status == .dark }
            if check(plan.hypothesis, observation, blast: []) == nil, !targetsDark, observation.leader != nil { return observation }
            Thread.sleep(forTimeInterval: Double(Self.observeIntervalMs) / 1000)
        }
        return nil
    }

    /// Polls until every target center is up again; their names, or nil at `end`.
    func waitForFailback(
        _ samples: inout [DrillReport.Sample], _ clock: inout DrillClock, until end: ContinuousClock.Instant
    ) -> String? {
        let targets = Set(plan.fault.centers)
        while ContinuousClock.now < end, !interrupted() {
            let observation = observe()
            samples.append(Self.sample(observation, sinceFaultMs: clock.sinceFaultMs))
            let states = observation.centers.filter { targets.contains($0.id) }
            if states.count == targets.count, states.allSatisfy({ $0.status == .up }) {
                return states.map { "\($0.id) up" }.sorted().joined(separator: ", ")
            }
            Thread.sleep(forTimeInterval: Double(Self.observeIntervalMs) / 1000)
        }
        return nil
    }
}
