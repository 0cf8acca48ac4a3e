import Foundation
import GRDB

/// The application's tables, beside the Raft tables in the node's database. Indexes serve the
/// queries `ticket.list` pages by (center or state, then id). The `cc_` tables hold the
/// contact-center model (see `ContactCenterJournal`); its image has a table of its own because
/// SQLite rewrites a whole row on update, and the counters beside it change with every command.
enum CenterSchema {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS tickets (
                    id INTEGER PRIMARY KEY,
                    title TEXT NOT NULL,
                    center TEXT NOT NULL,
                    state TEXT NOT NULL,
                    category TEXT NOT NULL DEFAULT 'other',
                    priority TEXT NOT NULL DEFAULT 'normal',
                    assignee TEXT,
                    escalated_to TEXT,
                    due_at_ms INTEGER,
                    callback_wanted INTEGER NOT NULL DEFAULT 0,
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    line_count INTEGER NOT NULL,
                    home_center TEXT,
                    last_line_id INTEGER);
                CREATE INDEX IF NOT EXISTS tickets_by_center ON tickets(center, id);
                CREATE INDEX IF NOT EXISTS tickets_by_state ON tickets(state, id);
                CREATE TABLE IF NOT EXISTS ticket_lines (\(lineColumns));
                CREATE TABLE IF NOT EXISTS request_ledger (\(LedgerBuckets.columns));
                CREATE INDEX IF NOT EXISTS request_ledger_by_age ON request_ledger(oldest_at_ms);
                CREATE TABLE IF NOT EXISTS cc_model (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    image_index INTEGER NOT NULL,
                    last_index INTEGER NOT NULL,
                    commands INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS cc_image (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    image BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS cc_journal (
                    entry_index INTEGER PRIMARY KEY,
                    at_ms INTEGER NOT NULL,
                    command BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS events (
                    seq INTEGER PRIMARY KEY,
                    entry_index INTEGER NOT NULL,
                    at_ms INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    center TEXT,
                    text TEXT NOT NULL,
                    cause TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS events_by_entry ON events(entry_index);
                """)
        try moveLegacyLedger(db)
        // Databases written before tickets came home lack the column; none of their tickets is away.
        if try !db.columns(in: "tickets").contains(where: { $0.name == "home_center" }) {
            try db.execute(sql: "ALTER TABLE tickets ADD COLUMN home_center TEXT")
        }
        // Only tickets away from home, a few among a million, are looked up by it.
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS tickets_away ON tickets(home_center, id) WHERE home_center IS NOT NULL")
        // Databases written before lines were linked lack the column (see `linkLines`).
        if try !db.columns(in: "tickets").contains(where: { $0.name == "last_line_id" }) {
            try db.execute(sql: "ALTER TABLE tickets ADD COLUMN last_line_id INTEGER")
        }
        try linkLines(db)
    }

    /// The request ledger as versions before `LedgerBuckets` kept it, a row per write: still read
    /// from their databases and snapshots. Earlier still, rows were keyed by client and request id,
    /// and before that they lacked `request_fingerprint`.
    static let legacyLedgerColumns = """
        applied_index INTEGER PRIMARY KEY,
        client TEXT NOT NULL,
        request_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        answer BLOB NOT NULL,
        request_fingerprint INTEGER NOT NULL DEFAULT 0
        """

    /// A ticket's lines are stored in the order they were written (by id), each naming the line
    /// before it of its ticket, and the ticket names its newest: a history is read by walking back
    /// from there. No index by ticket: its pages took a random write on every append, and applying
    /// an append cost a quarter to a third less without them (BENCHMARKS.md, tenth session on
    /// issue 13). Ids only grow, so a line's `previous_id` is smaller than its own: every walk ends.
    static let lineColumns = """
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        previous_id INTEGER
        """

    static let legacyRowsPerMove = 4_096

    /// Moves a ledger kept a row per write (`legacyLedgerColumns`, in any of its layouts) into
    /// buckets, every row in index order, and drops its table.
    static func moveLegacyLedger(_ db: Database) throws {
        // Rows are read with GRDB's generic conversions: this runs once per database.
        guard try db.tableExists("client_requests") else { return }
        let fingerprint = try db.columns(in: "client_requests").contains { $0.name == "request_fingerprint" } ? "request_fingerprint" : "0"
        let rows = try Row.fetchCursor(
            db, sql: "SELECT applied_index, client, request_id, at_ms, answer, \(fingerprint) FROM client_requests ORDER BY applied_index")
        var records: [LedgerBuckets.Record] = []
        while let row = try rows.next() {
            records.append(
                LedgerBuckets.Record(
                    index: UInt64(bitPattern: row[0]), client: row[1], requestId: row[2], atMs: row[3], fingerprint: row[5],
                    answer: Array((row[4] as Data?) ?? Data())))
            // Bounded memory for an hour's rows; buckets take their records in any number of parts.
            if records.count == Self.legacyRowsPerMove {
                try LedgerBuckets.append(records, in: db)
                records.removeAll(keepingCapacity: true)
            }
        }
        try LedgerBuckets.append(records, in: db)
        try db.execute(sql: "DROP TABLE client_requests")
    }

    /// Databases written before lines were linked hold them with an index by ticket, in write order
    /// (by rowid) or, earlier still, clustered by ticket (WITHOUT ROWID): they are copied over once
    /// in that order, then linked.
    private static func linkLines(_ db: Database) throws {
        guard try !db.columns(in: "ticket_lines").contains(where: { $0.name == "previous_id" }) else { return }
        let clustered = try db.primaryKey("ticket_lines").columns == ["ticket_id", "seq"]
        try copy(
            "ticket_lines", into: lineColumns, columns: "ticket_id, seq, at_ms, author, text",
            orderedBy: clustered ? "ticket_id, seq" : "rowid", db)
        try relink(db)
    }

    /// Sets every line's `previous_id` and every ticket's `last_line_id` from the lines' ticket and
    /// position: after a migration, or a snapshot taken before lines were linked. The index it
    /// needs is dropped again, for the reason `lineColumns` gives.
    static func relink(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX ticket_lines_linking ON ticket_lines(ticket_id, seq);
                UPDATE ticket_lines SET previous_id = (
                    SELECT earlier.id FROM ticket_lines AS earlier
                    WHERE earlier.ticket_id = ticket_lines.ticket_id AND earlier.seq = ticket_lines.seq - 1);
                UPDATE tickets SET last_line_id = (
                    SELECT id FROM ticket_lines WHERE ticket_id = tickets.id ORDER BY seq DESC LIMIT 1);
                DROP INDEX ticket_lines_linking;
                """)
    }

    /// Replaces `table` with one of the same name defined by `definition`, holding every row.
    private static func copy(_ table: String, into definition: String, columns: String, orderedBy order: String, _ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE \(table)_copy (\(definition));
                INSERT INTO \(table)_copy (\(columns)) SELECT \(columns) FROM \(table) ORDER BY \(order);
                DROP TABLE \(table);
                ALTER TABLE \(table)_copy RENAME TO \(table);
                """)
    }

    /// Every application table, in the order a snapshot lists them.
    static let tables = ["tickets", "ticket_lines", "request_ledger", "cc_model", "cc_image", "cc_journal", "events"]
}
