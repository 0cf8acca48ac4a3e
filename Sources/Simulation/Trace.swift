import Consensus

/// What happened in a simulation, kept compact and formatted only when someone reads it.
public enum SimulationEvent: Sendable {
    case delivered(Message)
    case dropped(Message, reason: String)
    case crashed(NodeID)
    case restarted(NodeID)
    case partitioned([NodeID], [NodeID], oneWay: Bool)
    case healed
    case becameLeader(NodeID, term: Term)
    case steppedDown(NodeID, term: Term)
    case committed(NodeID, index: LogIndex)
    case proposed(NodeID, outcome: ProposalOutcome)
    case transferRequested(from: NodeID, to: NodeID)
    case snapshotTaken(NodeID, index: LogIndex)
    case snapshotInstalled(NodeID, index: LogIndex)
    case note(String)

    public var isTimeline: Bool {
        switch self {
        // Routine traffic and each node's local compaction would drown the story.
        case .delivered, .dropped, .committed, .proposed, .snapshotTaken: false
        default: true
        }
    }
}

public struct TracedEvent: Sendable {
    public var tick: Int
    public var event: SimulationEvent
}

/// The last events of a run, for the report of a failing seed.
struct TraceRing: Sendable {
    private var events: [TracedEvent] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        events.reserveCapacity(capacity)
    }

    mutating func record(_ event: TracedEvent) {
        if events.count < capacity {
            events.append(event)
        } else {
            events[next] = event
        }
        next = (next + 1) % capacity
    }

    var ordered: [TracedEvent] {
        events.count < capacity ? events : Array(events[next...] + events[..<next])
    }
}

extension TracedEvent: CustomStringConvertible {
    public var description: String {
        let time = "t=\(tick)"
        return time + String(repeating: " ", count: max(1, 8 - time.count)) + "\(event)"
    }
}

extension SimulationEvent: CustomStringConvertible {
    public var description: String {
        switch self {
        case .delivered(let message): "n\(message.from) → n\(message.to) \(describe(message))"
        case .dropped(let message, let reason): "dropped (\(reason)) n\(message.from) → n\(message.to) \(describe(message))"
        case .crashed(let node): "CRASH n\(node) (loses what it had not persisted)"
        case .restarted(let node): "RESTART n\(node) from its durable state"
        case .partitioned(let left, let right, let oneWay):
            "PARTITION \(names(left)) \(oneWay ? "-/->" : "<-/->") \(names(right))"
        case .healed: "HEAL all links"
        case .becameLeader(let node, let term): "LEADER n\(node) in term \(term)"
        case .steppedDown(let node, let term): "n\(node) stepped down in term \(term)"
        case .committed(let node, let index): "n\(node) committed up to \(index)"
        case .proposed(let node, let outcome): "proposal at n\(node): \(outcome)"
        case .transferRequested(let from, let to): "TRANSFER leadership n\(from) → n\(to) requested"
        case .snapshotTaken(let node, let index): "n\(node) snapshot at \(index), log compacted"
        case .snapshotInstalled(let node, let index): "n\(node) installed the leader's snapshot at \(index)"
        case .note(let text): text
        }
    }
}

private func names(_ nodes: [NodeID]) -> String {
    "{" + nodes.map { "n\($0)" }.joined(separator: ",") + "}"
}

private func describe(_ message: Message) -> String {
    let term = "t\(message.term)"
    switch message.body {
    case .preVote(let index, let lastTerm): return "preVote \(term) last \(index)/\(lastTerm)"
    case .preVoteResponse(let granted): return "preVoteResponse \(term) \(granted ? "granted" : "refused")"
    case .vote(let index, let lastTerm, let transfer):
        return "vote \(term) last \(index)/\(lastTerm)\(transfer ? " (transfer)" : "")"
    case .voteResponse(let granted): return "voteResponse \(term) \(granted ? "granted" : "refused")"
    case .append(let append):
        return "append \(term) prev \(append.previousIndex)/\(append.previousTerm) +\(append.entries.count) commit \(append.commit)"
    case .appendResponse(.accepted(let match)): return "appendResponse \(term) match \(match)"
    case .appendResponse(.rejected(let index, let hintIndex, let hintTerm)):
        return "appendResponse \(term) reject \(index) hint \(hintIndex)/\(hintTerm)"
    case .heartbeat(let commit, let round): return "heartbeat \(term) commit \(commit) round \(round)"
    case .heartbeatResponse(let round): return "heartbeatResponse \(term) round \(round)"
    case .installSnapshot(let snapshot): return "installSnapshot \(term) at \(snapshot.index)/\(snapshot.term)"
    case .timeoutNow: return "timeoutNow \(term)"
    case .forwardedProposal(let commands): return "forwardedProposal \(term) ×\(commands.count)"
    case .readIndexRequest(let context): return "readIndexRequest \(term) ctx \(context)"
    case .readIndexResponse(let context, let index): return "readIndexResponse \(term) ctx \(context) index \(index.map(String.init) ?? "none")"
    }
}
