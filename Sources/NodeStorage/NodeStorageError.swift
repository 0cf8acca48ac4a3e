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
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "node storage \(path): \(message)" }
}

/// Raised below the store, where the path is not known; `NodeStore` adds it.
struct CorruptData: Error {
    let reason: String
}

/// Raised below the store, where the path is not known; `NodeStore` adds it.
struct InvalidInput: Error {
    let reason: String
}
