import ZeroMQ

/// Who sent a client request, as the ZAP handler vouched for it: the role given to the key in the
/// configuration and the key itself. Carried in the ZAP User-Id as "role:key".
struct Caller: Sendable, Equatable {
    enum Role: String, Sendable {
        case client
        case admin
    }

    let role: Role
    /// The scope of request ids, "role:key": two callers may use the same id without colliding.
    let identity: String
    /// "role:" and the key's first 8 characters: short enough for a ticket's history, long enough
    /// to tell keys apart. Both are made once per request, not once per use.
    let author: String

    init?(userID: String?) {
        guard let userID, let colon = userID.firstIndex(of: ":"),
            let role = Role(rawValue: String(userID[..<colon]))
        else { return nil }
        self.role = role
        identity = userID
        author = "\(role.rawValue):\(userID[userID.index(after: colon)...].prefix(8))"
    }

    static func userID(role: Role, key: CurveKey) -> String { "\(role.rawValue):\(key.z85)" }
}
