/// What the state knows of a center beyond its topology entry: its committed status and the clocks
/// of failover and failback.
public struct CenterRuntime: Sendable, Equatable, Codable {
    public var status: CenterStatus = .up
    /// Channels dark because nobody was ready on them while contacts waited (Wuhan, 2020).
    public var darkChannels: Set<Channel> = []
    /// Since when each channel has had contacts waiting and no agent ready: the detection window.
    public var unattendedSinceMs: [Channel: Int64] = [:]
    /// When `status` last changed.
    public var statusSinceMs: Int64 = 0
    /// The hold-down a recovery must wait out; doubled by each flap, back to the base once up.
    public var holdDownMs: Int64
    /// While recovering: the failback step reached, or nil during the hold-down.
    public var failbackStep: Int?
    /// Times the center went dark again while recovering.
    public var flaps: Int = 0
    /// Dark because the leader stopped hearing its nodes, not by an operator: only such a center
    /// comes back by itself when its nodes answer again.
    public var darkBySilence = false

    public init(holdDownMs: Int64) {
        self.holdDownMs = holdDownMs
    }

    /// Whether the center serves contacts on `channel` at all (draining finishes what it holds).
    func serves(_ channel: Channel) -> Bool { status != .dark && !darkChannels.contains(channel) }

    /// Whether contacts queued here on `channel` must move: the center is leaving the network.
    func mustRehome(_ channel: Channel) -> Bool {
        status == .dark || status == .draining || darkChannels.contains(channel)
    }
}
