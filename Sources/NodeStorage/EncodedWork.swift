import Consensus
import Foundation

/// What one write will store, checked against the bounds and converted to SQLite values before
/// the writer is taken, so that the transaction holds the write lock for SQL alone and a bad
/// input is refused before anything is written.
struct EncodedWork {
    struct Entry {
        var index: Int64
        var term: Int64
        var kind: Int64
        var payload: Data
    }

    struct HardState {
        var term: Int64
        var vote: Int64?
        var commit: Int64
    }

    struct Snapshot {
        var index: Int64
        var term: Int64
        var voters: Data
        var learners: Data
        /// Where the data is; nil for an empty one, which needs no file.
        var file: SnapshotFile?
    }

    var snapshot: Snapshot?
    var entries: [Entry] = []
    var hardState: HardState?

    var isEmpty: Bool { snapshot == nil && entries.isEmpty && hardState == nil }

    init(
        hardState: Consensus.HardState?, snapshot: Consensus.Snapshot?, snapshotFile: SnapshotFile? = nil,
        entries: [Consensus.Entry], options: StorageOptions
    ) throws {
        guard entries.count <= options.maxEntriesPerPersist else {
            throw InvalidInput(reason: "\(entries.count) entries in one write exceed the limit of \(options.maxEntriesPerPersist)")
        }
        if let snapshot { self.snapshot = try Self.encode(snapshot, file: snapshotFile, options: options) }
        self.entries.reserveCapacity(entries.count)
        var previous: LogIndex?
        for entry in entries {
            // The range delete in `persist` assumes one contiguous run; a gap would leave stale entries inside it.
            if let previous, entry.index != previous + 1 {
                throw InvalidInput(reason: "entry \(entry.index) follows entry \(previous): entries must be contiguous")
            }
            previous = entry.index
            let (kind, payload) = try PayloadCodec.encode(entry.payload, options: options)
            self.entries.append(
                Entry(
                    index: try Columns.storable(entry.index, "entry index"),
                    term: try Columns.storable(entry.term, "entry term"), kind: kind, payload: payload))
        }
        if let hardState {
            self.hardState = HardState(
                term: try Columns.storable(hardState.term, "hard state term"),
                vote: hardState.vote.map(Columns.storableID),
                commit: try Columns.storable(hardState.commit, "commit index"))
        }
    }

    /// `file` holds the snapshot's data, written by `NodeStore.writeSnapshotFile`; only an empty
    /// snapshot comes without one.
    static func encode(_ snapshot: Consensus.Snapshot, file: SnapshotFile?, options: StorageOptions) throws -> Snapshot {
        guard snapshot.data.count <= options.maxSnapshotBytes else {
            throw InvalidInput(reason: "snapshot of \(snapshot.data.count) bytes exceeds the limit of \(options.maxSnapshotBytes)")
        }
        guard file?.bytes ?? 0 == snapshot.data.count else {
            throw InvalidInput(reason: "snapshot of \(snapshot.data.count) bytes given with a file of \(file?.bytes ?? 0)")
        }
        try MembershipCodec.checkBounds(snapshot.membership, maxMembers: options.maxMembers)
        return Snapshot(
            index: try Columns.storable(snapshot.index, "snapshot index"),
            term: try Columns.storable(snapshot.term, "snapshot term"),
            voters: MembershipCodec.encode(snapshot.membership.voters),
            learners: MembershipCodec.encode(snapshot.membership.learners),
            file: file)
    }
}
