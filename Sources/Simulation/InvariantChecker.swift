import Consensus

/// A broken safety or liveness property, with where and when.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    public var tick: Int
    public var invariant: String
    public var detail: String

    public var description: String { "\(invariant) at t=\(tick): \(detail)" }
}

/// The global records the Raft properties are checked against, incrementally, after every step.
struct InvariantChecker: Sendable {
    struct EntryKey: Hashable, Sendable {
        var index: LogIndex
        var term: Term
    }

    struct Record: Sendable, Equatable {
        var term: Term
        var digest: UInt64
    }

    private var leaderOfTerm: [Term: NodeID] = [:]
    /// Every entry ever persisted anywhere: its digest and the term of the entry before it.
    private var entries: [EntryKey: (digest: UInt64, previousTerm: Term)] = [:]
    /// Every committed index, as first seen committed.
    private(set) var committed: [LogIndex: Record] = [:]
    private(set) var highestCommitted: LogIndex = 0
    /// The state machine digest after applying each index.
    private var stateDigest: [LogIndex: UInt64] = [:]

    /// Election safety: at most one leader per term.
    mutating func leader(_ node: NodeID, term: Term) -> String? {
        if let existing = leaderOfTerm[term], existing != node {
            return "n\(existing) and n\(node) both lead term \(term)"
        }
        leaderOfTerm[term] = node
        return nil
    }

    /// Log matching: same index and term ⇒ same entry and the same entry before it (so, by
    /// induction, the same prefix).
    mutating func persisted(_ entry: Entry, previousTerm: Term, on node: NodeID) -> String? {
        let key = EntryKey(index: entry.index, term: entry.term)
        let digest = payloadDigest(entry.payload)
        if let known = entries[key] {
            if known.digest != digest { return "n\(node) holds a different entry at \(entry.index)/\(entry.term)" }
            if known.previousTerm != previousTerm {
                return "n\(node) holds \(entry.index)/\(entry.term) after term \(previousTerm), another node after \(known.previousTerm)"
            }
            return nil
        }
        entries[key] = (digest, previousTerm)
        return nil
    }

    /// Committed never lost: an index, once committed anywhere, holds the same entry forever.
    mutating func committed(_ entry: Entry, on node: NodeID) -> String? {
        let record = Record(term: entry.term, digest: payloadDigest(entry.payload))
        if let known = committed[entry.index] {
            guard known == record else {
                return "n\(node) committed \(entry.index)/\(entry.term) where \(entry.index)/\(known.term) was committed before"
            }
            return nil
        }
        committed[entry.index] = record
        highestCommitted = max(highestCommitted, entry.index)
        return nil
    }

    /// Leader completeness: a new leader holds every committed entry.
    func leaderIsComplete(_ core: RaftNode) -> String? {
        var index = core.snapshotIndex + 1
        while index <= highestCommitted {
            if let record = committed[index], core.term(at: index) != record.term {
                return "leader n\(core.id) of term \(core.term) lacks committed entry \(index)/\(record.term)"
            }
            index += 1
        }
        return nil
    }

    /// State-machine safety: applies only committed entries, in order, the same at every node.
    mutating func applied(_ entry: Entry, after previous: LogIndex, digest: UInt64, on node: NodeID) -> String? {
        if entry.index != previous + 1 { return "n\(node) applied \(entry.index) right after \(previous)" }
        guard let record = committed[entry.index] else {
            return "n\(node) applied \(entry.index)/\(entry.term) before anyone committed it"
        }
        if record != Record(term: entry.term, digest: payloadDigest(entry.payload)) {
            return "n\(node) applied \(entry.index)/\(entry.term), but \(entry.index)/\(record.term) was committed"
        }
        return sameState(at: entry.index, digest: digest, on: node)
    }

    mutating func sameState(at index: LogIndex, digest: UInt64, on node: NodeID) -> String? {
        if let known = stateDigest[index] {
            return known == digest ? nil : "n\(node) reached a different state at \(index)"
        }
        stateDigest[index] = digest
        return nil
    }
}
