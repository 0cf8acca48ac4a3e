import Consensus
import GRDB

/// The replicated application (tickets, contacts, ...) as the driver sees it. Every call runs
/// inside the storage transaction that also records the applied index, so that after a crash
/// the application state and the applied index always agree.
public protocol ApplicationState: AnyObject, SendableMetatype {
    /// Creates or migrates the application's tables; called once when the driver starts.
    func prepare(in db: Database) throws
    /// Applies committed entries, in order; `.noop` and `.membership` entries may be skipped.
    func apply(_ entries: [Entry], in db: Database) throws
    /// A consistent copy of the whole application state, for a snapshot. It runs in a read
    /// transaction on a thread of its own while entries go on being applied, so it reads the
    /// database and nothing else.
    static func snapshot(in db: Database) throws -> [UInt8]
    /// Replaces the whole application state with a snapshot's.
    func restore(_ data: [UInt8], in db: Database) throws
}

/// Where the driver's outgoing messages go (the peer links, or an in-memory network in tests).
public protocol MessageSender: AnyObject {
    func send(_ messages: [Message])
}
