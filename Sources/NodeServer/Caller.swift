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

    /// Read as UTF-8 code units: walking the id by `Character` was 2 % of the leader's loop.
    init?(userID: String?) {
        guard let userID else { return nil }
        let units = userID.utf8
        guard let colon = units.firstIndex(of: UInt8(ascii: ":")),
            let role = Role(rawValue: String(Substring(units[..<colon])))
        else { return nil }
        self.role = role
        identity = userID
        // Keys are Z85, ASCII: 8 bytes are 8 characters.
        author = role.rawValue + ":" + String(Substring(units[units.index(after: colon)...].prefix(8)))
    }

    static func userID(role: Role, key: CurveKey) -> String { "\(role.rawValue):\(key.z85)" }
}
