import ClientAPI
import ContactCenter
import Foundation

/// The figures and sentences of a drill: RTO from the committed events, samples of each center,
/// and the words for its hypothesis and abort conditions.
extension DrillRunner {
    /// Fault to service restored: the committed reroute of a target center, or for a leader kill
    /// the next election. Nil for faults that stop no service.
    static func recoveryTime(_ fault: DrillFaultSpec, events: [EventRecord], faultAtMs: Int64?) -> Int64? {
        guard let faultAtMs else { return nil }
        let after = events.filter { $0.atMs >= faultAtMs }
        let restored: EventRecord?
        switch fault.kind {
        case .leaderKill:
            restored = after.first { $0.kind == .leaderElected }
        case .centerBlackout, .centerKill, .pause, .twoCentersDark, .partition, .staffAbsent:
            let rerouted = fault.centers.map { center in
                after.first { $0.kind == .centerStatus && $0.center == center && $0.text.contains("→ dark") }
            }
            guard rerouted.allSatisfy({ $0 != nil }) else { return nil }
            restored = rerouted.compactMap { $0 }.max { $0.atMs < $1.atMs }
        case .brokenRoute, .slowDisk, .linkDelay:
            restored = nil
        }
        return restored.map { max(0, $0.atMs - faultAtMs) }
    }

    static func sample(_ observation: Observation, sinceFaultMs: Int64) -> DrillReport.Sample {
        DrillReport.Sample(
            sinceFaultMs: sinceFaultMs, leader: observation.leader,
            centers: observation.centers.map { center in
                let channels = Array(center.channels.values)
                return DrillReport.CenterSample(
                    center: center.id, status: center.status.rawValue, queueLength: channels.reduce(0) { $0 + $1.queueLength },
                    serviceLevel: channels.compactMap(\.serviceLevel).min(),
                    trafficShare: channels.compactMap(\.trafficShare).max())
            })
    }

    static func summary(_ observation: Observation, blast: Set<String>) -> String {
        let leader = observation.leader.map { "leader node \($0)" } ?? "NO LEADER"
        let targets = observation.centers.filter { blast.contains($0.id) }.map { "\($0.id) \($0.status.rawValue)" }
        return ([leader] + targets).joined(separator: ", ")
    }

    static func describe(_ hypothesis: SteadyState) -> String {
        var parts: [String] = []
        if hypothesis.quorum { parts.append("a leader and a quorum") }
        if let level = hypothesis.minServiceLevel { parts.append("service level ≥ \(percent(level))") }
        if let wait = hypothesis.maxOldestWaitMs { parts.append("oldest wait ≤ \(wait) ms") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    static func describe(_ abort: AbortConditions) -> String {
        var parts: [String] = []
        if let ms = abort.maxNoQuorumMs { parts.append("no leader for over \(ms) ms") }
        if let level = abort.minServiceLevel { parts.append("service level under \(percent(level))") }
        if let wait = abort.maxOldestWaitMs { parts.append("a wait over \(wait) ms") }
        return parts.isEmpty ? "never (no abort conditions)" : parts.joined(separator: ", or ")
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }
}
