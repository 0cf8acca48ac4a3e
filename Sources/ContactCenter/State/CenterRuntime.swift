/// What the state knows of a center beyond its topology entry: its committed status, why, and the
/// clocks of detection, failover and failback.
public struct CenterRuntime: Sendable, Equatable, Codable {
    public var status: CenterStatus = .up
    /// Why the center is dark or draining; while recovering, what it recovers from; nil when up.
    public var reason: DarkReason?
    /// Channels dark while the center is staffed (`channel-unstaffed`), each with when it went dark.
    public var darkChannelsSinceMs: [Channel: Int64] = [:]
    /// The latest instant an agent was known present at the center (arriving, leaving, or seen by
    /// a clock entry); nil when none has been since it was loaded or last went dark, so that
    /// absence counts only once people were there.
    public var lastPresentMs: Int64?
    /// The same per channel; a channel with contacts waiting and never staffed counts from the
    /// first clock entry that saw them (`unstaffedSinceMs`).
    public var lastPresentOnMs: [Channel: Int64] = [:]
    public var unstaffedSinceMs: [Channel: Int64] = [:]
    /// When `status` last changed.
    public var statusSinceMs: Int64 = 0
    /// The hold-down a recovery must wait out; doubled by each flap, back to the base once up.
    public var holdDownMs: Int64
    /// When the present hold-down began: the change to recovering, or the latest clock entry that
    /// found too few agents present at a center recovering from staff-absent.
    public var holdDownFromMs: Int64 = 0
    /// While recovering: the failback step reached, or nil during the hold-down.
    public var failbackStep: Int?
    /// Times the center went dark again while recovering.
    public var flaps: Int = 0

    public init(holdDownMs: Int64) {
        self.holdDownMs = holdDownMs
    }

    public var darkChannels: Set<Channel> { Set(darkChannelsSinceMs.keys) }

    /// Dark because the leader stopped hearing its nodes: only such a center comes back by itself
    /// when its nodes answer again.
    public var darkBySilence: Bool { status == .dark && reason == .nodeSilent }

    /// Agents may be logged in here: anywhere but a dark center, except one dark because its staff
    /// were gone, whose staff coming back is how it recovers.
    public var admitsAgents: Bool { status != .dark || reason == .staffAbsent }

    /// Whether the center serves contacts on `channel` at all (draining finishes what it holds).
    func serves(_ channel: Channel) -> Bool { status != .dark && darkChannelsSinceMs[channel] == nil }

    /// Whether contacts queued here on `channel` must move: the center is leaving the network.
    func mustRehome(_ channel: Channel) -> Bool {
        status == .dark || status == .draining || darkChannelsSinceMs[channel] != nil
    }
}

/// Why a center is not serving its own branches, as status, metrics and explanations show it.
public enum DarkReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The leader has not heard from any of its nodes for the silence window.
    case nodeSilent = "node-silent"
    /// Inside its opening hours nobody has been present at it for the absence window (Wuhan, 2020).
    case staffAbsent = "staff-absent"
    /// An operator's `center.blackout` (a drill, or a center known to be lost).
    case operatorBlackout = "operator-blackout"
    /// An operator's `center.drain`: it finishes what it holds, new contacts follow its plan.
    case draining
}
