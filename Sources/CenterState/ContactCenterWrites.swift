import ClientAPI
import ContactCenter
import GRDB

/// Contact-center changes on apply: the model changes in memory, the journal records the command
/// in the same transaction, and active tickets follow a center that leaves. A refusal is an answer
/// (a conflict with the model's reason), recorded like a success so that a retry gets it again.
enum ContactCenterWrites {
    /// The first topology starts the model; a later one changes the running network in place.
    static func load(
        _ topology: Topology, into current: inout ContactCenterJournal.Versioned, _ command: Command, index: UInt64,
        checkpoints: Checkpoints, rows: inout TicketRowCache, in db: Database
    ) throws -> Result<ContactCenterAnswer, APIError> {
        if current.model != nil {
            return try apply(.changeTopology(topology), to: &current, command, index: index, checkpoints: checkpoints, rows: &rows, in: db)
        }
        let fresh: ContactCenterState
        do {
            fresh = try ContactCenterState(topology: topology)
        } catch .invalidTopology(let problems) {
            return .failure(APIError(.badRequest, "args.topology: \(problems.map(\.description).joined(separator: "; "))"))
        }
        try ContactCenterJournal.start(fresh, index: index, in: db)
        current = ContactCenterJournal.Versioned(model: fresh, lastIndex: index)
        let loaded = "topology loaded: \(topology.centers.count) centers"
        try EventHistory.insert(.topologyLoaded, center: nil, text: loaded, index: index, atMs: command.atMs, cause: command.author, in: db)
        return .success(ContactCenterAnswer(contact: nil, events: [loaded], appliedIndex: index))
    }

    static func apply(
        _ change: ContactCenter.Command, to current: inout ContactCenterJournal.Versioned, _ command: Command, index: UInt64,
        checkpoints: Checkpoints, rows: inout TicketRowCache, in db: Database
    ) throws -> Result<ContactCenterAnswer, APIError> {
        // Taken out of `current` so that it is changed in place: a copy left behind would make the
        // change copy every contact. A refused command changes nothing, so it goes back as it was.
        guard var changed = current.model.take() else {
            return .failure(APIError(.conflict, "no topology is loaded: load one before contact-center commands"))
        }
        switch changed.apply(change, atMs: command.atMs) {
        case .refused(let refusal):
            current.model = changed
            return .failure(APIError(Self.code(of: refusal.kind), refusal.message))
        case .applied(let applied):
            // Until the tables hold the change, `current` has no model: if writing them fails, the
            // next apply finds no match and rebuilds the model from the tables.
            current.lastIndex = nil
            let due = try ContactCenterJournal.record(
                change, atMs: command.atMs, index: index, leaving: changed,
                minCommandsPerCheckpoint: checkpoints.minCommandsPerCheckpoint, in: db)
            if due { checkpoints.encoder.start(changed, index: index) }
            current = ContactCenterJournal.Versioned(model: changed, lastIndex: index)
            try EventHistory.record(applied.events, index: index, atMs: command.atMs, cause: command.author, in: db)
            try TicketFailover.afterStatusChange(
                applied.events, model: changed, at: .init(index: index, atMs: command.atMs), rows: &rows, in: db)
            return .success(ContactCenterAnswer(contact: applied.contact, events: applied.events.map(\.sentence), appliedIndex: index))
        }
    }

    static func code(of kind: Refusal.Kind) -> ErrorCode {
        switch kind {
        case .notFound: .notFound
        case .invalid: .badRequest
        case .conflict: .conflict
        }
    }
}

/// When a new image of the model is due, and who encodes it.
struct Checkpoints {
    var minCommandsPerCheckpoint: Int
    var encoder: CheckpointEncoder
}
