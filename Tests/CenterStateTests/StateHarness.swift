import CenterState
import ClientAPI
import Consensus
import Foundation
import NodeStorage

/// A CenterState on a real store in a temporary folder, fed entries as the driver would.
final class StateHarness {
    let directory: URL
    private(set) var store: NodeStore
    private(set) var state: CenterState
    private(set) var lastIndex: LogIndex = 0

    init(minCommandsPerCheckpoint: Int = 10_000, imagesInBackground: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try NodeStore(path: directory.appendingPathComponent("node.sqlite").path)
        state = CenterState(minCommandsPerCheckpoint: minCommandsPerCheckpoint, imagesInBackground: imagesInBackground)
        try store.apply(upTo: 0) { try state.prepare(in: $0) }
    }

    /// Closes the store and opens it again with a new CenterState, as a node does after a restart.
    func restart(minCommandsPerCheckpoint: Int = 10_000) throws {
        try store.close()
        store = try NodeStore(path: directory.appendingPathComponent("node.sqlite").path)
        state = CenterState(minCommandsPerCheckpoint: minCommandsPerCheckpoint, imagesInBackground: false)
        try store.apply(upTo: lastIndex) { try state.prepare(in: $0) }
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    static func command(_ action: Command.Action, id: String, client: String = "client:K1", atMs: Int64 = 1_000) -> Command {
        Command(client: client, requestId: id, author: String(client.prefix(12)), atMs: atMs, action: action)
    }

    /// Applies the commands as consecutive entries, in batches of `batchSize`, and returns the answers.
    /// `encoding` writes an entry's bytes, as this version does unless a test plays an older node.
    @discardableResult
    func apply(
        _ commands: [Command], batchSize: Int = .max, encoding: (Command) -> [UInt8] = { $0.encoded }
    ) throws -> [CenterState.AppliedAnswer] {
        var entries: [Entry] = []
        for command in commands {
            lastIndex += 1
            entries.append(Entry(term: 1, index: lastIndex, payload: .command(encoding(command))))
        }
        var start = 0
        while start < entries.count {
            let batch = Array(entries[start..<min(entries.count, start + batchSize)])
            try store.apply(upTo: batch.last!.index) { try state.apply(batch, in: $0) }
            start += batch.count
        }
        return state.takeAnswers()
    }

    /// Applies a membership entry, as the driver hands every committed entry to the state.
    func apply(_ membership: Membership) throws {
        lastIndex += 1
        let entry = Entry(term: 1, index: lastIndex, payload: .membership(membership))
        try store.apply(upTo: lastIndex) { try state.apply([entry], in: $0) }
    }

    func events(_ args: EventListArgs = EventListArgs(limit: EventListArgs.maxLimit)) throws -> EventPage {
        try store.read { try CenterState.events(args, in: $0) }
    }

    /// Installs a snapshot taken at `index`, as the driver does for a far-behind node.
    func restore(_ image: [UInt8], at index: LogIndex) throws {
        try store.apply(upTo: index) { try state.restore(image, in: $0) }
        lastIndex = index
    }

    func write(_ answer: CenterState.AppliedAnswer) throws -> Response<TicketWriteResult> {
        try APIJSON.decode(Response<TicketWriteResult>.self, from: answer.answer)
    }

    func contactCenter(_ answer: CenterState.AppliedAnswer) throws -> Response<ContactCenterAnswer> {
        try APIJSON.decode(Response<ContactCenterAnswer>.self, from: answer.answer)
    }

    func snapshot() throws -> [UInt8] {
        try store.read { try CenterState.snapshot(in: $0) }
    }

    func ticket(_ id: Int64) throws -> Ticket? {
        try store.read { try TicketQueries.ticket(id, withHistory: true, in: $0) }
    }
}
