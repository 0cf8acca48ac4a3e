/// The `error.code` of a failed answer. Codes marked retryable may succeed if sent again with the
/// same request id (a write is applied at most once per id, so a retry is always safe).
public enum ErrorCode: String, Sendable, Codable, CaseIterable {
    /// The request is not valid JSON, lacks a field or has a wrong one; `message` says which.
    case badRequest = "bad_request"
    /// The request's `v` is not one this node speaks.
    case unsupportedVersion = "unsupported_version"
    case unknownOperation = "unknown_op"
    /// The operation needs the admin key.
    case forbidden = "forbidden"
    /// The ticket (or member) does not exist.
    case notFound = "not_found"
    /// The request contradicts the state (for example appending to a closed ticket).
    case conflict = "conflict"
    /// This node does not lead and was asked not to forward; `leader` says where to go if known.
    case notLeader = "not_leader"
    /// This node cannot reach a quorum (it is in a minority, or no leader is known); `leader` is
    /// the last leader it knew of, if any. Retryable.
    case noQuorum = "no_quorum"
    /// The leader changed before the write committed; it was not applied. Retryable.
    case leaderChanged = "leader_changed"
    /// No answer within the node's request timeout; the write may or may not be applied. Retryable.
    case timeout = "timeout"
    /// Too many requests are waiting on this node. Retryable after a pause.
    case busy = "busy"
    /// The node is shutting down. Retryable on another node.
    case unavailable = "unavailable"
    /// The node failed in a way that is not the request's fault; details are in its log.
    case internalError = "internal"

    public var isRetryable: Bool {
        switch self {
        case .noQuorum, .leaderChanged, .timeout, .busy, .unavailable: true
        default: false
        }
    }
}

/// A failed request's error: what went wrong and, where it helps, which node leads.
public struct APIError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var leader: LeaderHint?

    /// Messages may quote what a client sent; past this they are cut, so that a bad 1 MB field
    /// never comes back as a 1 MB error.
    public static let maxMessageCharacters = 500

    public init(_ code: ErrorCode, _ message: String, leader: LeaderHint? = nil) {
        self.code = code
        self.message =
            message.count > Self.maxMessageCharacters ? String(message.prefix(Self.maxMessageCharacters)) + "… (cut)" : message
        self.leader = leader
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let leader { text += " (leader: node \(leader.id) at \(leader.client))" }
        return text
    }
}

/// Where the leader's client endpoint is, so that a client can go there directly.
public struct LeaderHint: Sendable, Equatable, Codable {
    public var id: UInt64
    public var client: String

    public init(id: UInt64, client: String) {
        self.id = id
        self.client = client
    }
}
