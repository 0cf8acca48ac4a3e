/// How a customer reaches the bank.
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case voice
    case chat
    case sms
    case email
    case callback
}

/// Who goes first: emergencies, then the elderly green channel, then everyone else.
public enum Segment: String, Sendable, Hashable, Codable, CaseIterable {
    case emergency
    case greenChannel = "green-channel"
    case normal

    /// Lower is served first.
    public var priorityRank: Int {
        switch self {
        case .emergency: 0
        case .greenChannel: 1
        case .normal: 2
        }
    }
}

/// A center's state as the cluster has committed it.
public enum CenterStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Serving its own branches and taking others' overflow.
    case up
    /// Finishing what it has; new contacts for its branches follow its disaster-recovery plan.
    case draining
    /// Not serving: its branches follow its disaster-recovery plan.
    case dark
    /// Answering again: it gets its own traffic back in steps after a hold-down time.
    case recovering
}

/// Why a contact went where it went.
public enum AssignmentReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The branch's home center.
    case home
    /// The home queue passed a threshold; another center had a shorter expected wait.
    case overflow
    /// The home center is dark or draining; its disaster-recovery plan chose the center.
    case failover
    /// The channel changed (SMS paused at a dark center, the customer told to use chat).
    case redirect
    /// An operator placed it.
    case `operator`
    /// Its home center is closed on its channel: the after-hours rule placed it.
    case afterHours = "after-hours"
}
