/// A fault a drill injects into one node through its admin API. Every fault ends by itself at its
/// deadline, so a drill tool that dies cannot leave a center dark.
public enum DrillFaultKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// The node drops every peer message in and out and every client request but `fault.*`: a
    /// center's node cut off from the network while its process runs.
    case blackout
    /// The node drops messages to and from `peers`.
    case partition
    /// The node holds each message to a peer `delayMs` longer (to the next tick at least).
    case delay
    /// The node waits `delayMs` before each write to its log (a slow or failing disk).
    case slowDisk = "slow-disk"
    /// The node's loop stands still for the whole duration, as under SIGSTOP: no ticks, no
    /// messages, no answers (not even to `fault.clear`), until the deadline. At most `maxPauseMs`.
    case pause
}

/// `fault.inject`: one fault on the node that receives it (not forwarded, not replicated).
public struct FaultInjectArgs: Sendable, Equatable, Codable {
    public static let maxDurationMs = 600_000
    public static let maxDelayMs = 10_000
    /// A pause cannot be cleared early, so it is kept short.
    public static let maxPauseMs = 60_000

    public var kind: DrillFaultKind
    /// How long until it ends by itself: 1 to `maxDurationMs`.
    public var durationMs: Int
    /// `partition`: the node ids cut off from this one.
    public var peers: [UInt64]?
    /// `delay` and `slow-disk`: 1 to `maxDelayMs`.
    public var delayMs: Int?

    public init(kind: DrillFaultKind, durationMs: Int, peers: [UInt64]? = nil, delayMs: Int? = nil) {
        self.kind = kind
        self.durationMs = durationMs
        self.peers = peers
        self.delayMs = delayMs
    }

    /// What is wrong, naming the field; nil when it can be injected.
    public var problem: String? {
        if !(1...Self.maxDurationMs).contains(durationMs) { return "args.durationMs: must be 1 to \(Self.maxDurationMs)" }
        switch kind {
        case .partition:
            guard let peers, !peers.isEmpty else { return "args.peers: a partition needs the node ids to cut off" }
            if peers.count > 64 { return "args.peers: at most 64" }
        case .delay, .slowDisk:
            guard let delayMs, (1...Self.maxDelayMs).contains(delayMs) else { return "args.delayMs: must be 1 to \(Self.maxDelayMs)" }
        case .pause:
            if durationMs > Self.maxPauseMs { return "args.durationMs: a pause must be 1 to \(Self.maxPauseMs)" }
        case .blackout:
            break
        }
        return nil
    }
}

/// `fault.clear`: ends one kind of fault now, or every fault when `kind` is absent.
public struct FaultClearArgs: Sendable, Equatable, Codable {
    public var kind: DrillFaultKind?

    public init(kind: DrillFaultKind? = nil) {
        self.kind = kind
    }
}

/// One active fault, as `fault.inject`, `fault.clear` and `fault.list` show them.
public struct ActiveFault: Sendable, Equatable, Codable {
    public var kind: DrillFaultKind
    /// Milliseconds until it ends by itself.
    public var remainingMs: Int
    public var peers: [UInt64]?
    public var delayMs: Int?

    public init(kind: DrillFaultKind, remainingMs: Int, peers: [UInt64]? = nil, delayMs: Int? = nil) {
        self.kind = kind
        self.remainingMs = remainingMs
        self.peers = peers
        self.delayMs = delayMs
    }
}

/// The node's faults after the call: `{node, faults[]}`.
public struct FaultState: Sendable, Equatable, Codable {
    public var node: UInt64
    public var faults: [ActiveFault]

    public init(node: UInt64, faults: [ActiveFault]) {
        self.node = node
        self.faults = faults
    }
}

/// `drill.mark`: a drill tool notes its start, abort or end in the event history, so that the
/// cluster's own timeline shows what an SRE did to it.
public struct DrillMarkArgs: Sendable, Equatable, Codable {
    public enum Phase: String, Sendable, Equatable, Codable, CaseIterable {
        case started, aborted, finished
    }

    public static let maxDrillCharacters = 64
    public static let maxTextCharacters = 500

    /// The drill's id (its report's).
    public var drill: String
    public var phase: Phase
    /// What happened, in a sentence ("center-blackout of wuhan for 20 s", "verdict held, RTO 2602 ms").
    public var text: String
    /// The center the drill hits, if one.
    public var center: String?

    public init(drill: String, phase: Phase, text: String, center: String? = nil) {
        self.drill = drill
        self.phase = phase
        self.text = text
        self.center = center
    }

    /// What is wrong, naming the field; nil when it can be written.
    public var problem: String? {
        if drill.isEmpty || drill.count > Self.maxDrillCharacters { return "args.drill: must be 1 to \(Self.maxDrillCharacters) characters" }
        if text.isEmpty || text.count > Self.maxTextCharacters { return "args.text: must be 1 to \(Self.maxTextCharacters) characters" }
        if let center, center.isEmpty || center.count > 64 { return "args.center: must be 1 to 64 characters" }
        return nil
    }
}
