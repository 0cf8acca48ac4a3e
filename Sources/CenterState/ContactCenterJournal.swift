import ClientAPI
import ContactCenter
import Foundation
import GRDB

/// The contact-center model on disk: a checkpoint image of it, and every command applied since,
/// by log index, with the leader's stamp. The model is pure and deterministic, so decoding the
/// image and replaying the commands rebuilds it exactly. Refused commands change nothing and are
/// not kept.
///
/// A new image replaces the journal once the journal holds about as many commands as the model
/// holds records: writing an image costs in proportion to the model, so spread over that many
/// commands it costs each a constant, and a rebuild never replays more than one image's worth.
enum ContactCenterJournal {
    /// A model and the log index of the last entry that changed it, set together: the model in
    /// memory matches the tables exactly when their indexes are the same.
    struct Versioned {
        var model: ContactCenterState?
        var lastIndex: UInt64?
    }

    /// Makes `model`, as changed by the entry at `index`, the new image and empties the journal.
    static func checkpoint(_ model: ContactCenterState, index: UInt64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM cc_journal")
        try db.execute(
            sql: "INSERT OR REPLACE INTO cc_model (id, image, image_index, last_index, commands) VALUES (1, ?, ?, ?, 0)",
            arguments: [Data(APIJSON.encode(model)), Int64(index), Int64(index)])
    }

    /// Records that the entry at `index` applied `command`, which left the model as `model`.
    static func record(
        _ command: ContactCenter.Command, atMs: Int64, index: UInt64, leaving model: ContactCenterState,
        minCommandsPerCheckpoint: Int, in db: Database
    ) throws {
        let journaled = try Int.fetchOne(db, sql: "SELECT commands FROM cc_model WHERE id = 1") ?? 0
        let records = model.contacts.count + model.finished.count + model.agents.count
        guard journaled + 1 < max(minCommandsPerCheckpoint, records) else {
            return try checkpoint(model, index: index, in: db)
        }
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
        guard let row = try Row.fetchOne(db, sql: "SELECT image, image_index, last_index FROM cc_model WHERE id = 1") else {
            return Versioned(model: nil, lastIndex: nil)
        }
        var model = try trusted(APIJSON.decode(ContactCenterState.self, from: [UInt8](row["image"] as Data)), index: row["image_index"])
        let commands = try Row.fetchCursor(db, sql: "SELECT entry_index, at_ms, command FROM cc_journal ORDER BY entry_index")
        while let command = try commands.next() {
            let change = try APIJSON.decode(ContactCenter.Command.self, from: [UInt8](command["command"] as Data))
            guard model.apply(change, atMs: command["at_ms"]).isApplied else {
                throw DatabaseError(message: "cc_journal: the command of entry \(command["entry_index"] as Int64) was refused on replay")
            }
        }
        return Versioned(model: model, lastIndex: UInt64(row["last_index"] as Int64))
    }

    /// An image came from this program, through a file or a snapshot from a peer: it is used only
    /// if it keeps every rule the model keeps.
    private static func trusted(_ model: ContactCenterState, index: Int64) throws -> ContactCenterState {
        if let problem = model.topology.problems.first {
            throw DatabaseError(message: "cc_model: the image of entry \(index) has a bad topology: \(problem)")
        }
        if let violation = model.invariantViolations().first {
            throw DatabaseError(message: "cc_model: the image of entry \(index) breaks a rule: \(violation)")
        }
        return model
    }
}
