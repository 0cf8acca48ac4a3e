/// What a chaos run does: how long, with how many clients on how many tickets, and which faults
/// the nemesis may inject. Every bound is explicit.
public struct ChaosOptions: Sendable, Equatable, Codable {
    public var durationMs = 60_000
    /// Client threads, each with its own connections, appending and reading.
    public var clients = 6
    /// Tickets the clients append to and read: few, so that they contend.
    public var tickets = 3
    /// Seeds the nemesis's choices and the clients' (their timing is the machine's).
    public var seed: UInt64 = 1
    public var faults: [ChaosFault] = ChaosFault.allCases
    /// Quiet time between two faults, and how long one lasts.
    public var quietMs: ClosedRange<Int> = 500...2_000
    public var faultMs: ClosedRange<Int> = 500...3_000
    /// A client gives up on an answer after this long (above the nodes' 5 s request timeout), and
    /// counts the operation as unknown.
    public var operationTimeoutMs = 7_000

    public static let maxClients = 64
    public static let maxTickets = 64
    public static let maxDurationMs = 24 * 3_600_000

    public init() {}

    public var problem: String? {
        if !(1...Self.maxDurationMs).contains(durationMs) { return "the duration must be 1 ms to 24 h" }
        if !(1...Self.maxClients).contains(clients) { return "clients must be 1 to \(Self.maxClients)" }
        if !(1...Self.maxTickets).contains(tickets) { return "tickets must be 1 to \(Self.maxTickets)" }
        if quietMs.lowerBound < 0 || faultMs.lowerBound < 1 { return "fault and quiet times must be positive" }
        return nil
    }
}

/// The faults of the nemesis: a node or the leader killed (-9) and started again, frozen
/// (SIGSTOP) and thawed, or partitioned from every peer through its admin API.
public enum ChaosFault: String, Sendable, Equatable, Codable, CaseIterable {
    case kill
    case killLeader = "kill-leader"
    case pause
    case pauseLeader = "pause-leader"
    case partition
    case partitionLeader = "partition-leader"
}
