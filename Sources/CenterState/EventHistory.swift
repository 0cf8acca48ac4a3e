import ClientAPI
import Consensus
import ContactCenter
import GRDB

/// The history of committed decisions, written on apply like every other table, so that every
/// node holds the same one and a snapshot carries it. Contacts placed, offered and answered are
/// not decisions of the cluster and stay out: they would bury the few that an SRE reads after a
/// night like 4 February 2020. Bounded: the newest `maxEvents` are kept.
enum EventHistory {
    static let maxEvents = EventListArgs.retainedEvents
    /// Pruning runs when the history's newest row number is a multiple of this, so it stays
    /// within `maxEvents + pruneEveryEvents` rows.
    static let pruneEveryEvents = 1_000

    /// The decisions among a contact-center command's events; the rest are contact traffic.
    static func record(_ events: [StateEvent], index: UInt64, atMs: Int64, cause: String, in db: Database) throws {
        for event in events {
            guard let (kind, center) = classify(event) else { continue }
            try insert(kind, center: center, text: event.sentence, index: index, atMs: atMs, cause: cause, in: db)
        }
    }

    static func classify(_ event: StateEvent) -> (EventKind, String?)? {
        switch event {
        case .centerStatus(let center, _, _, _): (.centerStatus, center)
        case .channelDark(let center, _): (.channelDark, center)
        case .channelRecovered(let center, _): (.channelRecovered, center)
        case .failbackStep(let center, _): (.failbackStep, center)
        case .failbackRestarted(let center, _): (.failbackRestarted, center)
        case .routeBroken(let from, _, _): (.routeBroken, from)
        case .routeMended(let from, _, _): (.routeMended, from)
        case .routeProbeFailed(let from, _): (.routeProbeFailed, from)
        case .settingsChanged: (.settingsChanged, nil)
        case .topologyChanged: (.topologyChanged, nil)
        case .agentLend(_, let action, let center, _): (action == .lent ? .agentLent : .agentReturned, center)
        case .placed, .unroutable, .offered, .offerExpired, .answered, .completed, .abandoned, .redirected, .agentState: nil
        }
    }

    /// A membership entry carries no clock: it takes the time of the decision recorded before it.
    static func recordMembership(_ membership: Membership, index: UInt64, in db: Database) throws {
        let atMs = try Int64.fetchOne(db, sql: "SELECT at_ms FROM events ORDER BY seq DESC LIMIT 1") ?? 0
        let voters = membership.voters.sorted().map(String.init).joined(separator: ", ")
        let learners = membership.learners.sorted().map(String.init).joined(separator: ", ")
        let text = "members: voters \(voters)" + (learners.isEmpty ? "" : "; learners \(learners)")
        try insert(.membershipChanged, center: nil, text: text, index: index, atMs: atMs, cause: "raft", in: db)
    }

    static func insert(
        _ kind: EventKind, center: String?, text: String, index: UInt64, atMs: Int64, cause: String, in db: Database
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO events (entry_index, at_ms, kind, center, text, cause) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [Int64(bitPattern: index), atMs, kind.rawValue, center, text, cause])
        let newest = db.lastInsertedRowID
        if newest % Int64(pruneEveryEvents) == 0 {
            try db.execute(sql: "DELETE FROM events WHERE seq <= ?", arguments: [newest - Int64(maxEvents)])
        }
    }

    static func list(_ args: EventListArgs, in db: Database) throws -> EventPage {
        let limit = min(max(args.limit ?? EventListArgs.defaultLimit, 1), EventListArgs.maxLimit)
        let after = Int64(bitPattern: args.afterIndex ?? 0)
        var conditions = ["entry_index > ?"]
        var arguments: StatementArguments = [after]
        if let center = args.center {
            conditions.append("center = ?")
            _ = arguments.append(contentsOf: [center])
        }
        if let sinceMs = args.sinceMs {
            conditions.append("at_ms >= ?")
            _ = arguments.append(contentsOf: [sinceMs])
        }
        let filter = conditions.joined(separator: " AND ")
        let select = "SELECT seq, entry_index, at_ms, kind, center, text, cause FROM events WHERE \(filter)"
        // One past the limit says whether there is more; the last entry's events are then completed,
        // so that the next page, which starts after `lastIndex`, misses none of them.
        var rows = try Row.fetchAll(db, sql: "\(select) ORDER BY seq LIMIT ?", arguments: arguments + [limit + 1])
        let more = rows.count > limit
        if more, rows.count >= 2 {
            rows.removeLast()
            let last = rows[rows.count - 1]
            let seq: Int64 = last[0]
            let index: Int64 = last[1]
            rows += try Row.fetchAll(db, sql: "\(select) AND entry_index = ? AND seq > ? ORDER BY seq", arguments: arguments + [index, seq])
        }
        let events = try rows.map(decode)
        return EventPage(events: events, lastIndex: events.last?.index ?? args.afterIndex ?? 0, more: more)
    }

    private static func decode(_ row: Row) throws -> EventRecord {
        let kindText: String = row[3]
        guard let kind = EventKind(rawValue: kindText) else { throw DatabaseError(message: "event of unknown kind \(kindText)") }
        let index: Int64 = row[1]
        return EventRecord(index: UInt64(bitPattern: index), atMs: row[2], kind: kind, center: row[4], text: row[5], cause: row[6])
    }
}
