/// The answer to an applied contact-center write: the contact an enqueue created, and what the
/// command changed as short sentences (the model's events), in the order they happened.
public struct ContactCenterAnswer: Sendable, Equatable, Codable {
    public var contact: UInt64?
    public var events: [String]
    public var appliedIndex: UInt64

    public init(contact: UInt64?, events: [String], appliedIndex: UInt64) {
        self.contact = contact
        self.events = events
        self.appliedIndex = appliedIndex
    }
}
