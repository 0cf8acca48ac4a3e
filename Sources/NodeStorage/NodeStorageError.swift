/// Every failure of the store names the database file, because a node's operator must know
/// which of several files (one per node, maybe several per host) to inspect or restore.
public struct NodeStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or configured (missing directory, permissions, not SQLite).
        case cannotOpen
        /// The file was written by a newer version of this schema; refusing it beats misreading it.
        case newerSchema
        /// What was read from disk cannot be what this code wrote: a crash must not follow.
        case corrupt
        /// The caller asked to store something out of bounds or inconsistent; nothing was written.
        case invalidInput
        /// SQLite itself failed (disk full, I/O error, busy beyond the timeout).
        case sqlite
        /// Another process holds the database's lock (see `StoreLock`): a node runs on it.
        case inUse
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "node storage \(path): \(message)" + (remedy.map { ". \($0)" } ?? "") }

    /// What the operator should do, for the failures a node cannot get past by itself. The node
    /// stops rather than serve from a store it cannot trust or cannot write.
    public var remedy: String? {
        let text = message.lowercased()
        if kind == .inUse {
            return "One process at a time may use a data directory: stop the center-node that holds it first "
                + "(never run two nodes on one data directory)"
        }
        if kind == .newerSchema {
            // A backup restores a whole new cluster (`--restore-from`), never one member of a running one.
            return "Run the newer version of center-node that wrote it, or empty the data directory: the node catches up "
                + "from the cluster by snapshot"
        }
        if text.contains("full") || text.contains("no space") {
            return "The disk is full: free space or grow the volume, then start the node again. Nothing acknowledged is lost: "
                + "a write is acknowledged only once a quorum has it on disk, and this node catches up when it is back"
        }
        if text.contains("readonly") || text.contains("read-only") || text.contains("permission") || text.contains("unable to open") {
            return "The data directory must be writable by the node's user, on a file system mounted read-write: "
                + "check its owner, its permissions and the mount"
        }
        if kind == .corrupt {
            return "Do not serve from it: empty this data directory, move leadership to another node "
                + "(`clusterctl leader transfer --to ID`) so that no leader still counts what this node lost, and start it: "
                + "it catches up from the cluster by snapshot (a backup restores a whole new cluster, not one member)"
        }
        return nil
    }
}

/// Raised below the store, where the path is not known; `NodeStore` adds it.
struct CorruptData: Error {
    let reason: String
}

/// Raised below the store, where the path is not known; `NodeStore` adds it.
struct InvalidInput: Error {
    let reason: String
}
