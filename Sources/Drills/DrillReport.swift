import ClientAPI

/// What a drill found, saved as JSON (this), Markdown and a self-contained HTML page.
public struct DrillReport: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Equatable, Codable {
        /// The steady state held before, outside the blast radius during, and came back after.
        case held
        /// It did not hold at some point, or did not come back within the recovery timeout.
        case deviated
        /// An abort condition was breached (or the drill was interrupted): the fault was removed at once.
        case aborted
        /// The steady state did not hold before the fault: nothing was injected.
        case notStarted = "not-started"
    }

    /// One moment of the drill, from the drill's own clock or the cluster's event history.
    public struct Mark: Sendable, Equatable, Codable {
        public var atMs: Int64
        /// Milliseconds since the fault was injected (negative before).
        public var sinceFaultMs: Int64
        /// `drill` for the drill's own steps, `cluster` for committed events.
        public var source: String
        public var what: String
    }

    /// One observation of the cluster: its leader and each center's figures.
    public struct Sample: Sendable, Equatable, Codable {
        public var sinceFaultMs: Int64
        public var leader: UInt64?
        public var centers: [CenterSample]
    }

    public struct CenterSample: Sendable, Equatable, Codable {
        public var center: String
        public var status: String
        public var queueLength: Int
        public var serviceLevel: Double?
        public var trafficShare: Double?
    }

    /// Every write the load was told was acknowledged, read back after the drill.
    public struct Audit: Sendable, Equatable, Codable {
        public var acknowledged: Int
        public var lost: Int
        public var duplicated: Int
        /// Up to 10 of the lost or duplicated writes, as "ticket 12: drill-x append 40".
        public var examples: [String]
        /// Requests that failed and were retried or given up (not acknowledged: not counted above).
        public var failedAttempts: Int
        /// The longest time between two acknowledged writes while the fault was in place.
        public var longestWriteGapMs: Int64?
    }

    public var id: String
    public var plan: DrillPlan
    /// The nodes the fault hit.
    public var targetNodes: [UInt64]
    public var startedAtMs: Int64
    public var faultInjectedAtMs: Int64?
    public var faultRemovedAtMs: Int64?
    public var endedAtMs: Int64
    public var timeline: [Mark]
    public var samples: [Sample]
    /// Fault injected to service restored: the reroute of the dark center committed, or for a
    /// leader kill the new leader elected; nil when the fault stops no service (a broken route, a
    /// slow disk, a delay) or when it never came.
    public var rtoMs: Int64?
    public var audit: Audit
    /// The lowest service level outside the blast radius before, during and after (nil: no traffic).
    public var serviceLevelBefore: Double?
    public var serviceLevelDuring: Double?
    public var serviceLevelAfter: Double?
    public var verdict: Verdict
    /// Why the verdict is what it is, in a sentence or two.
    public var reasons: [String]

    /// RPO from the audit: 0 when nothing acknowledged was lost.
    public var rpoLostWrites: Int { audit.lost }
}
