import ContactCenter

/// A `contact.list` filter: live and retained contacts by id, optionally of one center or state.
public struct ContactListArgs: Sendable, Equatable, Codable {
    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    public var center: String?
    public var state: Contact.State?
    public var afterId: UInt64?
    public var limit: Int?

    public init(center: String? = nil, state: Contact.State? = nil, afterId: UInt64? = nil, limit: Int? = nil) {
        self.center = center
        self.state = state
        self.afterId = afterId
        self.limit = limit
    }
}

/// One page, by id; `nextAfterId` is set when the page is full (there may be more).
public struct ContactPage: Sendable, Equatable, Codable {
    public var contacts: [ContactRecord]
    public var nextAfterId: UInt64?

    public init(contacts: [ContactRecord], nextAfterId: UInt64?) {
        self.contacts = contacts
        self.nextAfterId = nextAfterId
    }
}
