/// The built-in drills: a plan per fault kind, for one center unless the kind says otherwise.
public enum DrillBuiltins {
    public static let defaultDurationMs = 20_000

    /// The plan `clusterctl drill run KIND` runs; `centers` from `--center`/`--centers`.
    public static func plan(
        _ kind: DrillFaultSpec.Kind, centers: [String], backup: String? = nil, durationMs: Int = defaultDurationMs,
        appendsPerSecond: Int = DrillLoadSpec().ticketAppendsPerSecond, contactsPerHourPerBranch: Int = 0, topology: String? = nil
    ) -> DrillPlan {
        let delayMs: Int? =
            switch kind {
            case .slowDisk: 200
            case .linkDelay: 50
            default: nil
            }
        let hit = kind == .leaderKill ? "the leader" : centers.joined(separator: " and ")
        return DrillPlan(
            name: kind.rawValue, description: "built-in \(kind.rawValue) drill of \(hit)",
            fault: DrillFaultSpec(kind: kind, centers: kind == .leaderKill ? [] : centers, backup: backup, delayMs: delayMs),
            durationMs: durationMs, hypothesis: SteadyState(quorum: true), abort: AbortConditions(maxNoQuorumMs: 10_000),
            load: DrillLoadSpec(ticketAppendsPerSecond: appendsPerSecond, contactsPerHourPerBranch: contactsPerHourPerBranch, topology: topology),
            recoveryTimeoutMs: 60_000)
    }

    /// One line per built-in, for `drill list`.
    public static let summaries: [(DrillFaultSpec.Kind, String)] = [
        (.centerBlackout, "a center's node cut off from peers and clients while it runs (needs --center)"),
        (.staffAbsent, "Wuhan 2020: the node runs, every agent of the center logs off (needs --center)"),
        (.leaderKill, "kill -9 of the leader's process"),
        (.centerKill, "kill -9 of a center's node (needs --center)"),
        (.pause, "SIGSTOP of a center's node, SIGCONT at the end (needs --center)"),
        (.partition, "a center's node cut off from every other node (needs --center)"),
        (.brokenRoute, "a backup center refuses the center's overflow (needs --center and --backup)"),
        (.twoCentersDark, "two centers' nodes cut off at once (needs --centers a,b)"),
        (.slowDisk, "a center's node waits 200 ms before each log write (needs --center)"),
        (.linkDelay, "a center's node holds each peer message 50 ms longer (needs --center)"),
    ]
}
