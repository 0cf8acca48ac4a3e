import ClientAPI
import ContactCenter
import Foundation
import GRDB

/// The contact-center model on disk: the topology it was loaded from and every command applied
/// to it since, by log index, with the leader's stamp. The model is pure and deterministic, so
/// replaying them rebuilds it exactly (its internals cannot be set from outside its module, which
/// rules out rebuilding it from per-row tables). Refused commands change nothing and are not kept.
enum ContactCenterJournal {
    /// Replay time grows with the journal; past this the contact-center commands are refused until
    /// the topology is loaded again (allowed once no contact is live), which starts a new journal.
    static let maxCommands: Int64 = 10_000_000

    /// A model and the log index of the last entry that changed it, set together: the model in
    /// memory matches the tables exactly when their indexes are the same.
    struct Versioned {
        var model: ContactCenterState?
        var lastIndex: UInt64?
    }

    static func load(_ topology: Topology, atMs: Int64, index: UInt64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM cc_journal")
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO cc_model (id, topology, loaded_at_ms, last_index, commands)
                VALUES (1, ?, ?, ?, 0)
                """,
            arguments: [Data(APIJSON.encode(topology)), atMs, Int64(index)])
    }

    static func isFull(in db: Database) throws -> Bool {
        (try Int64.fetchOne(db, sql: "SELECT commands FROM cc_model WHERE id = 1") ?? 0) >= maxCommands
    }

    static func record(_ command: ContactCenter.Command, atMs: Int64, index: UInt64, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO cc_journal (entry_index, at_ms, command) VALUES (?, ?, ?)",
            arguments: [Int64(index), atMs, Data(APIJSON.encode(command))])
        try db.execute(
            sql: "UPDATE cc_model SET last_index = ?, commands = commands + 1 WHERE id = 1", arguments: [Int64(index)])
    }

    /// The log index of the last entry that changed the stored model; nil when none was loaded.
    static func lastIndex(in db: Database) throws -> UInt64? {
        try Int64.fetchOne(db, sql: "SELECT last_index FROM cc_model WHERE id = 1").map { UInt64($0) }
    }

    static func rebuild(in db: Database) throws -> Versioned {
        guard let row = try Row.fetchOne(db, sql: "SELECT topology, last_index FROM cc_model WHERE id = 1") else {
            return Versioned(model: nil, lastIndex: nil)
        }
        var model = try ContactCenterState(topology: APIJSON.decode(Topology.self, from: [UInt8](row["topology"] as Data)))
        let commands = try Row.fetchCursor(db, sql: "SELECT entry_index, at_ms, command FROM cc_journal ORDER BY entry_index")
        while let command = try commands.next() {
            let change = try APIJSON.decode(ContactCenter.Command.self, from: [UInt8](command["command"] as Data))
            guard model.apply(change, atMs: command["at_ms"]).isApplied else {
                throw DatabaseError(message: "cc_journal: the command of entry \(command["entry_index"] as Int64) was refused on replay")
            }
        }
        return Versioned(model: model, lastIndex: UInt64(row["last_index"] as Int64))
    }
}
