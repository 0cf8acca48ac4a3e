import ClientAPI
import ContactCenter
import GRDB

/// Active tickets (neither resolved nor closed) follow their center out: when it is dark or
/// draining they get a new owner among the centers of its disaster-recovery plan that are up, with
/// a history line saying why, and remember the center they left as their home. Once that center is
/// up again (recovering is not enough: it may go dark again) they return to it, unless someone at
/// the holding center took them meanwhile (`TicketUpdate` then forgets the home). The choices
/// read only replicated state, so every node agrees.
enum TicketFailover {
    static let author = "system"

    static func isLeaving(_ status: CenterStatus) -> Bool { status == .dark || status == .draining }

    /// Moves every active ticket of `center` if it is leaving; does nothing when it is not, or when
    /// no other center can take them (they move once one can: see `afterStatusChange`).
    static func rehome(
        ticketsOf center: String, model: ContactCenterState, at moment: Moment, rows cache: inout TicketRowCache, in db: Database
    ) throws {
        let atMs = moment.atMs
        guard let status = model.centers[center]?.status, isLeaving(status) else { return }
        let (owners, basis) = newOwners(for: center, in: model)
        guard !owners.isEmpty else { return }
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, line_count, last_line_id, home_center FROM tickets WHERE center = ? AND state NOT IN (?, ?) ORDER BY id",
            arguments: [center, TicketState.resolved.rawValue, TicketState.closed.rawValue])
        let reason = status == .dark ? model.centers[center]?.reason.map { " (\($0.rawValue))" } ?? "" : ""
        var moved: [String: Int] = [:]
        for row in rows {
            let id: Int64 = row["id"]
            let owner = owners[Int(id.magnitude % UInt64(owners.count))]
            // A ticket moved on again still belongs to where it first came from.
            let home = (row["home_center"] as String?) ?? center
            let why = "owner moved from \(center) to \(owner): \(center) is \(status.rawValue)\(reason); \(basis)"
            try move(
                id, lineCount: row["line_count"], lastLineID: row["last_line_id"], to: owner, home: owner == home ? nil : home, why: why,
                atMs: atMs, rows: &cache, in: db)
            moved[owner, default: 0] += 1
        }
        guard !rows.isEmpty else { return }
        let shares = moved.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        try EventHistory.insert(
            .ticketsMoved, center: center, text: "\(rows.count) active tickets of \(center) moved (\(shares)): \(center) is \(status.rawValue)\(reason)",
            index: moment.index, atMs: atMs, cause: author, in: db)
    }

    /// Brings home every active ticket that left `center`, once it is up.
    static func returnHome(
        ticketsOf center: String, model: ContactCenterState, at moment: Moment, rows cache: inout TicketRowCache, in db: Database
    ) throws {
        guard model.centers[center]?.status == .up else { return }
        let atMs = moment.atMs
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, line_count, last_line_id, center FROM tickets WHERE home_center = ? AND state NOT IN (?, ?) ORDER BY id",
            arguments: [center, TicketState.resolved.rawValue, TicketState.closed.rawValue])
        for row in rows {
            let holder: String = row["center"]
            let why = "returned from \(holder) to \(center): \(center) is up again"
            try move(
                row["id"], lineCount: row["line_count"], lastLineID: row["last_line_id"], to: center, home: nil, why: why, atMs: atMs,
                rows: &cache, in: db)
        }
        guard !rows.isEmpty else { return }
        try EventHistory.insert(
            .ticketsReturned, center: center, text: "\(rows.count) active tickets returned to \(center): it is up again",
            index: moment.index, atMs: atMs, cause: author, in: db)
    }

    /// The entry whose apply moves tickets, and its leader's time.
    struct Moment {
        var index: UInt64
        var atMs: Int64
    }

    private static func move(
        _ id: Int64, lineCount: Int, lastLineID: Int64?, to owner: String, home: String?, why: String, atMs: Int64,
        rows cache: inout TicketRowCache, in db: Database
    ) throws {
        cache.forget(id)
        var written = lineCount
        // A full history keeps its limit: the ticket still moves, without the line.
        if lineCount < CommandLimits.maxLinesPerTicket {
            try TicketWrites.insert(TicketLine(atMs: atMs, author: author, text: why), ticket: id, seq: lineCount, previous: lastLineID, db)
            written += 1
        }
        try db.execute(
            sql: "UPDATE tickets SET center = ?, home_center = ?, updated_at_ms = ?, line_count = ? WHERE id = ?",
            arguments: [owner, home, atMs, written, id])
    }

    /// After a command changed centers' statuses: the tickets of each center that left move, those
    /// of each center now up come home, and when one came back, the tickets stranded at leaving
    /// centers (nobody could take them then) move too.
    static func afterStatusChange(
        _ events: [StateEvent], model: ContactCenterState, at moment: Moment, rows cache: inout TicketRowCache, in db: Database
    ) throws {
        var leaving: [String] = []
        var returned = false
        for case .centerStatus(let center, _, let to, _) in events {
            if isLeaving(to) { leaving.append(center) } else { returned = true }
            if to == .up { try returnHome(ticketsOf: center, model: model, at: moment, rows: &cache, in: db) }
        }
        if returned {
            leaving = model.topology.centers.map(\.id).filter { model.centers[$0].map { isLeaving($0.status) } ?? false }
        }
        for center in leaving { try rehome(ticketsOf: center, model: model, at: moment, rows: &cache, in: db) }
    }

    /// The plan's centers that are up, in plan order (every other center when the plan names
    /// none); failing those, any center that is up, then any recovering, so that no ticket stays
    /// with a dark owner while another center answers.
    static func newOwners(for center: String, in model: ContactCenterState) -> (owners: [String], basis: String) {
        let others = model.topology.centers.map(\.id).filter { $0 != center }
        let plan = model.topology.center(center)?.disasterRecovery.order ?? []
        let planned = (plan.isEmpty ? others : plan).filter { model.centers[$0]?.status == .up }
        if !planned.isEmpty { return (planned, "disaster-recovery plan") }
        let up = others.filter { model.centers[$0]?.status == .up }
        if !up.isEmpty { return (up, "no center of its plan is up") }
        return (others.filter { model.centers[$0]?.status == .recovering }, "no center is up; this one is recovering")
    }
}
