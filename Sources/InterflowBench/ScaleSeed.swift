import ClientAPI
import ContactCenter
import Foundation
import GRDB

/// Writes the scale state straight into a stopped node's database: the tickets, and the model as
/// the contact-center image. Sending a million writes through Raft at a few hundred a second would
/// take an hour; writing the same rows into every node, each at the same applied index, gives the
/// state the log would have built, because applying is deterministic.
struct ScaleSeed {
    var tickets: Int
    /// Open tickets, in percent; the rest are closed, as in a year of history.
    static let openPercent = 20
    /// Tickets are spread over this many days before the seeding.
    static let historyDays: Int64 = 180
    static let categories = ["Loan deferral", "Account unfreeze", "Mis-sent transfer", "Card retained", "Complaint", "Other"]

    /// What the seeding wrote into one node.
    struct Outcome {
        var modelIndex: UInt64
        var seconds: Double
    }

    /// One transaction with synchronous=OFF: this is the benchmark's setup, not the system measured,
    /// and the checkpoint at the end leaves a database the node opens like any other.
    func write(into path: String, model image: [UInt8], centers: [CenterSpec], nowMs: Int64) throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let modelIndex = try queue.write { db -> UInt64 in
            guard let index = try Int64.fetchOne(db, sql: "SELECT last_index FROM cc_model WHERE id = 1") else {
                throw ScaleSetupError.noModelImage(path: path)
            }
            try insertTickets(centers: centers, nowMs: nowMs, db)
            // The image stands for the model as of the last entry that changed it, so the journal
            // of commands since goes.
            try db.execute(sql: "DELETE FROM cc_journal")
            try db.execute(
                sql: "UPDATE cc_model SET image_index = ?, last_index = ?, commands = 0 WHERE id = 1", arguments: [index, index])
            try db.execute(sql: "UPDATE cc_image SET image = ? WHERE id = 1", arguments: [Data(image)])
            return UInt64(index)
        }
        _ = try queue.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return Outcome(modelIndex: modelIndex, seconds: (clock.now - started).seconds)
    }

    /// Centers get tickets in proportion to the branches they serve, plus one share each.
    private func insertTickets(centers: [CenterSpec], nowMs: Int64, _ db: Database) throws {
        let weighted = centers.flatMap { center in Array(repeating: center.id, count: center.branches.count + 1) }
        let firstID = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM tickets") ?? 0) + 1
        let ticket = try db.makeStatement(
            sql: """
                INSERT INTO tickets (id, title, center, state, created_at_ms, updated_at_ms, line_count, last_line_id)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                """)
        let line = try db.makeStatement(
            sql: "INSERT INTO ticket_lines (ticket_id, seq, at_ms, author, text) VALUES (?, 0, ?, 'client:seed', ?)")
        var random = SplitMix64(seed: 1)
        let spanMs = Self.historyDays * 86_400_000
        for offset in 0..<Int64(tickets) {
            let id = firstID + offset
            // Ids grow with time, as they do when the log creates them.
            let createdMs = nowMs - spanMs + spanMs * offset / Int64(max(1, tickets))
            let open = random.chance(Self.openPercent)
            let updatedMs = open ? createdMs : min(nowMs, createdMs + Int64(random.below(7 * 86_400_000)))
            let category = Self.categories[random.below(Self.categories.count)]
            try line.execute(arguments: [id, createdMs, "\(category): customer called, details taken, next step agreed."])
            try ticket.execute(arguments: [
                id, "\(category) #\(id)", weighted[random.below(weighted.count)],
                open ? TicketState.open.rawValue : TicketState.closed.rawValue, createdMs, updatedMs, db.lastInsertedRowID,
            ])
        }
    }
}
