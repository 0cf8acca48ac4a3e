import GRDB
import Synchronization

/// Counts commits on the writer connection: the number of fsyncs, which is what group commit
/// must keep at one per `persist` however many entries it carries.
final class CommitCounter: TransactionObserver, Sendable {
    private let commits = Mutex<UInt64>(0)

    var count: UInt64 { commits.withLock { $0 } }

    // No per-row events: they would cost a callback for every entry written.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
    func databaseDidRollback(_ db: Database) {}
}
