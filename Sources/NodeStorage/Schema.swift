import GRDB

/// The store's tables. Every table is STRICT so SQLite itself refuses a value of the wrong type,
/// and every single-row table pins its row with `id = 0` so an upsert can never make a second row.
/// Application tables live in the same file (see `NodeStore.apply`) and must not use the `raft_` prefix.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-raft") { db in
            try db.execute(
                sql: """
                    CREATE TABLE raft_log (
                        idx INTEGER PRIMARY KEY,
                        term INTEGER NOT NULL,
                        kind INTEGER NOT NULL,
                        payload BLOB NOT NULL
                    ) STRICT;
                    CREATE TABLE raft_hard_state (
                        id INTEGER PRIMARY KEY CHECK (id = 0),
                        term INTEGER NOT NULL,
                        vote INTEGER,
                        commit_index INTEGER NOT NULL
                    ) STRICT;
                    CREATE TABLE raft_snapshot (
                        id INTEGER PRIMARY KEY CHECK (id = 0),
                        idx INTEGER NOT NULL,
                        term INTEGER NOT NULL,
                        voters BLOB NOT NULL,
                        learners BLOB NOT NULL,
                        data BLOB NOT NULL
                    ) STRICT;
                    CREATE TABLE raft_applied (
                        id INTEGER PRIMARY KEY CHECK (id = 0),
                        idx INTEGER NOT NULL
                    ) STRICT;
                    """)
        }
        // Snapshot data moves to files; `data` keeps what older versions stored until it is replaced.
        migrator.registerMigration("v2-snapshot-files") { db in
            try db.execute(
                sql: """
                    ALTER TABLE raft_snapshot ADD COLUMN file TEXT;
                    ALTER TABLE raft_snapshot ADD COLUMN file_bytes INTEGER;
                    """)
        }
        return migrator
    }()

    /// Opening a file that a newer build migrated further would misread it; refuse instead.
    static func migrate(_ writer: some DatabaseWriter) throws {
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            throw SupersededSchema()
        }
        try migrator.migrate(writer)
    }
}

struct SupersededSchema: Error {}
