import ZeroMQ

/// Who sent a client request, as the ZAP handler vouched for it: the role given to the key in the
/// configuration and the key itself. Carried in the ZAP User-Id as "role:key".
struct Caller: Sendable, Equatable {
    enum Role: String, Sendable {
        case client
        case admin
    }

    var role: Role
    var key: String

    init?(userID: String?) {
        guard let userID, let colon = userID.firstIndex(of: ":"),
            let role = Role(rawValue: String(userID[..<colon]))
        else { return nil }
        self.role = role
        key = String(userID[userID.index(after: colon)...])
    }

    static func userID(role: Role, key: CurveKey) -> String { "\(role.rawValue):\(key.z85)" }

    /// The scope of request ids: two callers may use the same id without colliding.
    var identity: String { "\(role.rawValue):\(key)" }
    /// Short enough for a ticket's history, long enough to tell keys apart.
    var author: String { "\(role.rawValue):\(key.prefix(8))" }
}
