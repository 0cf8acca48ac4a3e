/// Bounds on what one node stores. They exist so that a bug or a hostile peer produces an error
/// instead of an unbounded allocation or a file SQLite cannot read back (its blob limit is 10^9 bytes).
public struct StorageOptions: Sendable, Equatable {
    /// How long a write waits for another connection's lock before failing. Only this process
    /// writes, so waiting long means something is wrong; waiting forever would hide it.
    public var busyTimeoutMilliseconds: Int = 5_000
    /// Entries in one `PersistWork`; the core's own batches are far smaller.
    public var maxEntriesPerPersist: Int = 65_536
    /// Bytes of one command entry.
    public var maxEntryBytes: Int = 64 << 20
    /// Bytes of one snapshot's application data.
    public var maxSnapshotBytes: Int = 900_000_000
    /// Voters plus learners of one membership.
    public var maxMembers: Int = 4_096
    /// The write-ahead log is filled with zeros up to this many bytes when the store opens
    /// (`WALPreallocation`); 0 leaves it to grow. A node uses `NodeStore.walCeilingBytes`.
    public var preallocatedWALBytes: Int = 0

    public init() {}

    static let busyTimeoutRange = 1...60_000
    static let blobLimit = 900_000_000
    static let maxPreallocatedWALBytes = 1 << 30

    /// Why these options cannot be used, or nil.
    var problem: String? {
        if !Self.busyTimeoutRange.contains(busyTimeoutMilliseconds) {
            return "busy timeout \(busyTimeoutMilliseconds) ms is outside \(Self.busyTimeoutRange)"
        }
        if !(1...1_000_000).contains(maxEntriesPerPersist) { return "maxEntriesPerPersist \(maxEntriesPerPersist) is outside 1...1000000" }
        if !(0...Self.blobLimit).contains(maxEntryBytes) { return "maxEntryBytes \(maxEntryBytes) is outside 0...\(Self.blobLimit)" }
        if !(0...Self.blobLimit).contains(maxSnapshotBytes) { return "maxSnapshotBytes \(maxSnapshotBytes) is outside 0...\(Self.blobLimit)" }
        if !(1...1_000_000).contains(maxMembers) { return "maxMembers \(maxMembers) is outside 1...1000000" }
        if !(0...Self.maxPreallocatedWALBytes).contains(preallocatedWALBytes) {
            return "preallocatedWALBytes \(preallocatedWALBytes) is outside 0...\(Self.maxPreallocatedWALBytes)"
        }
        return nil
    }
}
