import Consensus
import Foundation
import GRDB
import NodeRuntime
import NodeStorage
import Testing

/// The test application: every command becomes a row, in order.
final class CommandLog: ApplicationState {
    /// Commands applied since this node started, committed or not yet.
    private(set) var commandsApplied = 0

    func prepare(in db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS commands (idx INTEGER PRIMARY KEY, body BLOB NOT NULL)")
    }

    func apply(_ entries: [Entry], in db: Database) throws {
        for entry in entries {
            guard case .command(let bytes) = entry.payload else { continue }
            commandsApplied += 1
            try db.execute(sql: "INSERT INTO commands (idx, body) VALUES (?, ?)", arguments: [Int64(entry.index), Data(bytes)])
        }
    }

    static func snapshot(in db: Database) throws -> [UInt8] {
        let rows = try Row.fetchAll(db, sql: "SELECT idx, body FROM commands ORDER BY idx")
        let list = rows.map { ["idx": $0["idx"] as Int64, "body": Int64(([UInt8](($0["body"] as Data))).first ?? 0)] }
        return [UInt8](try JSONSerialization.data(withJSONObject: list))
    }

    func restore(_ data: [UInt8], in db: Database) throws {
        try db.execute(sql: "DELETE FROM commands")
        guard !data.isEmpty, let list = try JSONSerialization.jsonObject(with: Data(data)) as? [[String: Int64]] else {
            return
        }
        for row in list {
            try db.execute(
                sql: "INSERT INTO commands (idx, body) VALUES (?, ?)",
                arguments: [row["idx"] ?? 0, Data([UInt8(truncatingIfNeeded: row["body"] ?? 0)])])
        }
    }

    static func bodies(_ store: NodeStore) throws -> [UInt8] {
        try store.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM commands ORDER BY idx").map { $0.first ?? 0 }
        }
    }
}

/// Messages a driver sent, waiting to be delivered.
final class Mailbox: MessageSender {
    var pending: [Message] = []

    func send(_ messages: [Message]) {
        pending += messages
    }
}

/// Drivers on real SQLite files in a temporary directory, wired by an in-memory network.
final class RuntimeCluster {
    let directory: URL
    var drivers: [NodeID: RaftDriver] = [:]
    var stores: [NodeID: NodeStore] = [:]
    var applications: [NodeID: CommandLog] = [:]
    let mailbox = Mailbox()
    let voters: [NodeID]
    let compactEveryEntries: Int
    let compactEveryBytes: Int
    let snapshotsInBackground: Bool
    let persistsInBackground: Bool

    init(
        voters: [NodeID], compactEveryEntries: Int = 10_000, compactEveryBytes: Int = 64 << 20, snapshotsInBackground: Bool = false,
        persistsInBackground: Bool = false
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.voters = voters
        self.compactEveryEntries = compactEveryEntries
        self.compactEveryBytes = compactEveryBytes
        self.snapshotsInBackground = snapshotsInBackground
        self.persistsInBackground = persistsInBackground
        for id in voters { try start(id, founding: true) }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func start(_ id: NodeID, founding: Bool) throws {
        let store = try NodeStore(path: directory.appendingPathComponent("node-\(id).sqlite").path)
        var configuration = RaftConfiguration(id: id)
        configuration.electionTimeoutTicks = 10
        stores[id] = store
        let application = CommandLog()
        applications[id] = application
        drivers[id] = try RaftDriver(
            configuration: configuration, store: store, application: application, sender: mailbox,
            foundingVoters: founding ? voters : nil, randomSeed: id, compactEveryEntries: compactEveryEntries,
            compactEveryBytes: compactEveryBytes,
            snapshotsInBackground: snapshotsInBackground, persistsInBackground: persistsInBackground)
    }

    /// Like kill -9: the process is gone without closing anything; only the file remains.
    func kill(_ id: NodeID) {
        drivers[id] = nil
        stores[id] = nil
    }

    /// Delivers until no message is left, boundedly.
    func deliverAll(maxMessages: Int = 100_000) throws {
        var delivered = 0
        while delivered < maxMessages {
            // Persists on storage threads release what waited for them, as a node's next turn would.
            if mailbox.pending.isEmpty {
                for id in drivers.keys.sorted() { try drivers[id]?.finishPersists() }
                if mailbox.pending.isEmpty { return }
            }
            let batch = mailbox.pending
            mailbox.pending.removeAll()
            for message in batch {
                delivered += 1
                try drivers[message.to]?.receive(message)
            }
        }
    }

    /// Delivers what is pending as a node's loop would: each node takes all its messages in one
    /// turn. Returns how many messages each node took.
    @discardableResult
    func deliverInTurns() throws -> [NodeID: Int] {
        let batch = mailbox.pending
        mailbox.pending.removeAll()
        var taken: [NodeID: Int] = [:]
        for id in Set(batch.map(\.to)).sorted() {
            let mine = batch.filter { $0.to == id }
            taken[id] = mine.count
            try drivers[id]?.turn { for message in mine { try drivers[id]?.receive(message) } }
        }
        return taken
    }

    func tickAll(_ ticks: Int) throws {
        for _ in 0..<ticks {
            for id in drivers.keys.sorted() { try drivers[id]?.tick() }
            try deliverAll()
        }
    }

    /// Lets every snapshot being taken in the background finish, then ticks once so that the
    /// drivers compact with them.
    func collectSnapshots() throws {
        for driver in drivers.values { #expect(driver.finishSnapshot(timeoutMs: 10_000)) }
        try tickAll(1)
    }

    /// Ticks until some driver leads; returns it.
    func awaitLeader(maxTicks: Int = 200) throws -> NodeID? {
        for _ in 0..<maxTicks {
            if let leader = drivers.first(where: { $0.value.core.role == .leader })?.key { return leader }
            try tickAll(1)
        }
        return nil
    }
}
