import Foundation
import GRDB
import Synchronization

/// One node's durable Raft state and its application's tables in one SQLite file, so that one
/// transaction can cover both (see `apply(upTo:_:)`).
///
/// All writes go through GRDB's single writer connection, in WAL mode with `synchronous=FULL`:
/// each commit is one fsync of the WAL, so a write that returned survives power loss. Reads
/// (`load`, `read`) use reader connections and see the last committed state.
public final class NodeStore: Sendable {
    public let path: String
    public let options: StorageOptions
    let pool: DatabasePool
    private let commits = CommitCounter()
    let lastPersist = Mutex<UInt64?>(nil)
    /// The term and vote last made durable; a hard state that changes neither needs no fsync.
    let durableTermAndVote = Mutex<(term: Int64, vote: Int64?)?>(nil)
    let relaxedCommits = Mutex<UInt64>(0)
    private let checkpointer: WALCheckpointer

    /// Pages (4 KiB) the write-ahead log may hold before the writer checkpoints it itself: 64 MiB.
    static let walFramesCeiling = 16_384
    /// The write-ahead log's size once it holds `walFramesCeiling` frames (a 32-byte header, and
    /// each frame a 24-byte header and its page); a loaded node's log stays this large.
    public static let walCeilingBytes = 32 + walFramesCeiling * (24 + 4_096)
    /// How often `WALCheckpointer` copies the log back into the database file, when anything was
    /// committed meanwhile. Each checkpoint ends with an fsync of the database file, and every
    /// node's WAL fsync waits behind it on the shared disk: at 500 ms, checkpoints of 20-40 ms held
    /// all 128 clients' writes at once (p99 41-47 ms); at 100 ms they are smaller (p99 33-41 ms).
    static let walCheckpointIntervalMilliseconds = 100

    /// Opens or creates the file and brings its schema up to date. The directory must exist.
    public init(path: String, options: StorageOptions = StorageOptions()) throws {
        if let problem = options.problem { throw NodeStorageError(.invalidInput, path: path, message: problem) }
        self.path = path
        self.options = options
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(Double(options.busyTimeoutMilliseconds) / 1_000)
        configuration.label = "NodeStore"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw NodeStorageError(.cannotOpen, path: path, message: "cannot open: \(error)")
        }
        let commits = self.commits
        do {
            checkpointer = try WALCheckpointer(
                path: path, intervalMilliseconds: Self.walCheckpointIntervalMilliseconds, commits: commits)
        } catch {
            throw NodeStorageError(.cannotOpen, path: path, message: "cannot open a connection for checkpoints: \(error)")
        }
        try guarded(sqliteFailure: .cannotOpen) {
            try pool.writeWithoutTransaction { db in
                // GRDB sets NORMAL on every WAL database it opens, after any `prepareDatabase`.
                // NORMAL may lose the last commits on power loss: a vote or an acknowledged entry.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // macOS's fsync does not flush the drive's cache; F_FULLFSYNC does. A no-op on Linux.
                try db.execute(sql: "PRAGMA fullfsync = ON")
                // Checkpoints are `WALCheckpointer`'s; this threshold only bounds the log if it stalls.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walFramesCeiling)")
                db.add(transactionObserver: commits, extent: .databaseLifetime)
            }
            try Schema.migrate(pool)
        }
        if options.preallocatedWALBytes > 0 {
            // Under the writer's lock: nothing else writes the log meanwhile. Not before the pool
            // opens: a fresh file's switch to WAL mode deletes any log found beside it.
            try pool.writeWithoutTransaction { _ in
                try WALPreallocation.fill(walPath: path + "-wal", toBytes: options.preallocatedWALBytes, databasePath: path)
            }
        }
        removeSnapshotFiles(except: try guarded { try pool.read(StoredState.snapshotFileName) }, includingPartial: true)
    }

    /// Closes every connection; later calls fail. Without it the file closes when the store is freed.
    public func close() throws {
        checkpointer.stop()
        try guarded { try pool.close() }
    }

    deinit {
        checkpointer.stop()
    }

    /// Checkpoints the background thread has run, and how many failed (the last failure's text).
    public var walCheckpoints: (done: UInt64, failed: UInt64, lastFailure: String?) {
        let figures = checkpointer.figures
        return (figures.checkpoints, figures.failures, figures.lastFailure)
    }

    /// Waits until the background thread has tried at least `count` checkpoints, for at most
    /// `timeout`; false when it has not.
    public func waitForWALCheckpoints(_ count: UInt64, timeout: Duration) -> Bool {
        checkpointer.waitForCheckpoints(count, timeout: timeout)
    }

    /// How the writer connection is set up, read back from SQLite rather than assumed.
    public func writerPragmas() throws -> StoragePragmas {
        try guarded {
            try pool.writeWithoutTransaction { db in
                StoragePragmas(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? -1,
                    walAutocheckpointPages: try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1)
            }
        }
    }

    /// Wall time of the last non-empty `persist`'s transaction, fsync included; nil before the first.
    public var lastPersistMicroseconds: UInt64? { lastPersist.withLock { $0 } }

    /// Transactions committed since this store was opened; all but `relaxedCommitCount` of them
    /// were one fsync of the WAL each.
    public var commitCount: UInt64 { commits.count }

    /// Transactions committed without an fsync of their own (see `relaxingSync`).
    public var relaxedCommitCount: UInt64 { relaxedCommits.withLock { $0 } }

    /// Adds the path to every failure of the store. Errors of the application's own closures
    /// (see `apply`, `read`) pass unchanged, except SQLite's, which name the file too.
    func guarded<T>(sqliteFailure: NodeStorageError.Kind = .sqlite, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CorruptData {
            throw NodeStorageError(.corrupt, path: path, message: error.reason)
        } catch let error as InvalidInput {
            throw NodeStorageError(.invalidInput, path: path, message: error.reason)
        } catch is SupersededSchema {
            throw NodeStorageError(.newerSchema, path: path, message: "the schema was migrated by a newer version of this program")
        } catch let error as DatabaseError {
            throw NodeStorageError(sqliteFailure, path: path, message: "\(error)")
        }
    }
}

/// The writer connection's settings as SQLite reports them.
public struct StoragePragmas: Sendable, Equatable {
    /// "wal" when writes go to the write-ahead log.
    public var journalMode: String
    /// SQLite's number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    public var synchronous: Int
    public var busyTimeoutMilliseconds: Int
    /// The log size at which the writer checkpoints by itself (`WALCheckpointer` does it before).
    public var walAutocheckpointPages: Int
}
