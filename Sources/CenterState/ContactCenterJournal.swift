import ClientAPI
import ContactCenter
import Foundation
import GRDB

/// The contact-center model on disk: a checkpoint image of it, and every command applied since,
/// by log index, with the leader's stamp. The model is pure and deterministic, so decoding the
/// image and replaying the commands rebuilds it exactly. Refused commands change nothing and are
/// not kept.
///
/// A new image is due once the journal holds about as many commands as the model holds records:
/// writing an image costs in proportion to the model, so spread over that many commands it costs
/// each a constant, and a rebuild replays about one image's worth. `CheckpointEncoder` encodes it;
/// `install` then drops the commands it covers.
enum ContactCenterJournal {
    /// A model and the log index of the last entry that changed it, set together: the model in
    /// memory matches the tables exactly when their indexes are the same.
    struct Versioned {
        var model: ContactCenterState?
        var lastIndex: UInt64?
    }

    /// Starts the stored model afresh: `model`, loaded by the entry at `index`, with an empty journal.
    static func start(_ model: ContactCenterState, index: UInt64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM cc_journal")
        try db.execute(
            sql: "INSERT OR REPLACE INTO cc_model (id, image_index, last_index, commands) VALUES (1, ?, ?, 0)",
            arguments: [Int64(index), Int64(index)])
        try db.execute(sql: "INSERT OR REPLACE INTO cc_image (id, image) VALUES (1, ?)", arguments: [CheckpointEncoder.encode(model)])
    }

    /// Makes an image the stored one and drops the commands it covers. An image no newer than the
    /// stored one, or of an entry the tables do not hold (its transaction rolled back), changes nothing.
    static func install(_ image: CheckpointEncoder.Image, in db: Database) throws {
        let index = Int64(image.index)
        guard let row = try Row.fetchOne(db, sql: "SELECT image_index, last_index FROM cc_model WHERE id = 1"),
            row["image_index"] < index, index <= row["last_index"]
        else { return }
        try db.execute(sql: "UPDATE cc_model SET image_index = ? WHERE id = 1", arguments: [index])
        try db.execute(sql: "UPDATE cc_image SET image = ? WHERE id = 1", arguments: [image.bytes])
        try db.execute(sql: "DELETE FROM cc_journal WHERE entry_index <= ?", arguments: [index])
        try db.execute(sql: "UPDATE cc_model SET commands = (SELECT COUNT(*) FROM cc_journal) WHERE id = 1")
    }

    /// Records that the entry at `index` applied `command`, which left the model as `model`; true
    /// when a new image is due.
    static func record(
        _ command: ContactCenter.Command, atMs: Int64, index: UInt64, leaving model: ContactCenterState,
        minCommandsPerCheckpoint: Int, in db: Database
    ) throws -> Bool {
        // Cached statements: these run for every contact-center entry, on every node.
        try db.cachedStatement(sql: "INSERT INTO cc_journal (entry_index, at_ms, command) VALUES (?, ?, ?)")
            .execute(arguments: [Int64(index), atMs, Data(APIJSON.encode(command))])
        try db.cachedStatement(sql: "UPDATE cc_model SET last_index = ?, commands = commands + 1 WHERE id = 1")
            .execute(arguments: [Int64(index)])
        let journaled = try Int.fetchOne(db.cachedStatement(sql: "SELECT commands FROM cc_model WHERE id = 1")) ?? 0
        return journaled >= max(minCommandsPerCheckpoint, model.contacts.count + model.finished.count + model.agents.count)
    }

    /// The log index of the last entry that changed the stored model; nil when none was loaded.
    static func lastIndex(in db: Database) throws -> UInt64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT last_index FROM cc_model WHERE id = 1")).map { UInt64($0) }
    }

    static func rebuild(in db: Database) throws -> Versioned {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT image, image_index, last_index FROM cc_model JOIN cc_image ON cc_image.id = cc_model.id WHERE cc_model.id = 1")
        else {
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
