import Consensus
import GRDB

extension NodeStore {
    /// What the core restarts from, read in one transaction so the parts agree with each other.
    /// A file that never held Raft state gives `DurableState.joining` and applied index 0.
    /// Throws `.corrupt` when the rows cannot be what `persist` wrote, including a log that a core
    /// would refuse (`DurableState.defect`), so the refusal names the file.
    public func load() throws -> (durable: DurableState, appliedIndex: LogIndex) {
        try guarded {
            try pool.read { db in
                let durable = try StoredState.durable(db, options: options, readFile: readSnapshotFile)
                if let defect = durable.defect { throw CorruptData(reason: "stored Raft state is inconsistent: \(defect)") }
                return (durable, try StoredState.appliedIndex(db))
            }
        }
    }
}
