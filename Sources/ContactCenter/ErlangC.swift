import Foundation

/// Erlang C for planning: the chance a contact waits, the service level and the speed of answer
/// for `agents` agents offered `trafficErlangs`. Computed through the Erlang B recursion, which
/// stays stable for hundreds of agents where the textbook factorials overflow.
public enum ErlangC {
    /// P(wait); 1 when the agents cannot keep up (agents ≤ traffic).
    public static func probabilityOfWaiting(agents: Int, trafficErlangs: Double) -> Double {
        let traffic = trafficErlangs
        guard agents > 0, Double(agents) > traffic else { return 1 }
        var erlangB = 1.0
        for k in 1...agents { erlangB = traffic * erlangB / (Double(k) + traffic * erlangB) }
        let n = Double(agents)
        return n * erlangB / (n - traffic * (1 - erlangB))
    }

    /// Share of contacts answered within `thresholdSeconds`.
    public static func serviceLevel(agents: Int, trafficErlangs: Double, averageHandleSeconds: Double, thresholdSeconds: Double) -> Double {
        let waiting = probabilityOfWaiting(agents: agents, trafficErlangs: trafficErlangs)
        guard Double(agents) > trafficErlangs else { return 0 }
        return 1 - waiting * exp(-(Double(agents) - trafficErlangs) * thresholdSeconds / averageHandleSeconds)
    }

    /// Average speed of answer, in seconds; infinite when the agents cannot keep up.
    public static func averageSpeedOfAnswerSeconds(agents: Int, trafficErlangs: Double, averageHandleSeconds: Double) -> Double {
        guard Double(agents) > trafficErlangs else { return .infinity }
        return probabilityOfWaiting(agents: agents, trafficErlangs: trafficErlangs) * averageHandleSeconds
            / (Double(agents) - trafficErlangs)
    }

    /// The fewest agents that reach `target` service level, searched up to `maxAgents`.
    public static func agentsNeeded(
        trafficErlangs: Double, averageHandleSeconds: Double, thresholdSeconds: Double, target: Double, maxAgents: Int = 10_000
    ) -> Int? {
        let first = max(1, Int(trafficErlangs.rounded(.down)) + 1)
        guard first <= maxAgents else { return nil }
        return (first...maxAgents).first { agents in
            serviceLevel(agents: agents, trafficErlangs: trafficErlangs, averageHandleSeconds: averageHandleSeconds, thresholdSeconds: thresholdSeconds) >= target
        }
    }
}
