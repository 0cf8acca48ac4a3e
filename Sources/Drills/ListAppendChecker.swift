/// Checks a chaos run's history for linearizability, list-append style (as Jepsen's Elle does for
/// lists): every append writes a value nobody else writes, and every read returns the ticket's
/// whole list, so the final list orders every applied append and each read must be a prefix of it
/// that holds every append acknowledged before the read began. An anomaly names the two operations
/// that contradict each other; the verdict gives the earliest one first.
public struct ListAppendChecker: Sendable {
    public struct Anomaly: Sendable, Equatable, Codable, CustomStringConvertible {
        public enum Kind: String, Sendable, Codable {
            case lostWrite = "lost-write"
            case staleRead = "stale-read"
            case divergentRead = "divergent-read"
            case readWentBack = "read-went-back"
            case duplicate
            case phantom
            case refusedButApplied = "refused-but-applied"
            case reordered
            case futureRead = "future-read"
        }

        public var kind: Kind
        public var ticket: Int64
        public var text: String
        /// When the later of the two operations began: what "earliest" sorts by.
        public var atNs: UInt64

        public var description: String { "\(kind.rawValue) on ticket \(ticket): \(text)" }
    }

    public struct Verdict: Sendable, Equatable, Codable {
        public var operations: Int
        public var acknowledgedAppends: Int
        public var reads: Int
        public var anomalies: [Anomaly]
        public var valid: Bool { anomalies.isEmpty }
    }

    /// At most this many anomalies are kept: the first few say what is wrong.
    public static let maxAnomalies = 20

    /// `finalLists` holds each ticket's history read once the cluster healed, after the run.
    public static func check(_ history: [ChaosOperation], finalLists: [Int64: [String]]) -> Verdict {
        var anomalies: [Anomaly] = []
        for (ticket, final) in finalLists.sorted(by: { $0.key < $1.key }) {
            anomalies += checkTicket(ticket, history.filter { $0.ticket == ticket }, final: final)
        }
        anomalies.sort { ($0.atNs, $0.kind.rawValue) < ($1.atNs, $1.kind.rawValue) }
        return Verdict(
            operations: history.count,
            acknowledgedAppends: history.filter { $0.kind == .append && $0.outcome == .ok }.count,
            reads: history.filter { $0.kind == .read && $0.outcome == .ok }.count,
            anomalies: Array(anomalies.prefix(maxAnomalies)))
    }

    static func checkTicket(_ ticket: Int64, _ history: [ChaosOperation], final: [String]) -> [Anomaly] {
        var found: [Anomaly] = []
        func flag(_ kind: Anomaly.Kind, _ text: String, at: UInt64) {
            found.append(Anomaly(kind: kind, ticket: ticket, text: text, atNs: at))
        }
        let appends = history.filter { $0.kind == .append }
        let appendOf = Dictionary(appends.compactMap { op in op.value.map { ($0, op) } }, uniquingKeysWith: { first, _ in first })
        let reads = history.filter { $0.kind == .read && $0.outcome == .ok && $0.observed != nil }
        var position: [String: Int] = [:]
        for (index, value) in final.enumerated() {
            if position.updateValue(index, forKey: value) != nil { flag(.duplicate, "\(value) appears twice in the final list", at: .max) }
        }

        for value in final where appendOf[value] == nil {
            flag(.phantom, "\(value) is in the final list but nobody appended it", at: .max)
        }
        for append in appends {
            guard let value = append.value else { continue }
            if append.outcome == .ok && position[value] == nil {
                flag(.lostWrite, "acknowledged \(append.summary), missing from the final list", at: append.completedNs)
            }
            if append.outcome == .failed && position[value] != nil {
                flag(.refusedButApplied, "\(append.summary) (\(append.error ?? "")), yet in the final list", at: append.completedNs)
            }
        }

        // Each read must be a prefix of the final list, and see nothing appended after it ended.
        for read in reads {
            guard let observed = read.observed else { continue }
            if Set(observed).count != observed.count { flag(.duplicate, "\(read.summary) holds a value twice", at: read.invokedNs) }
            if !final.starts(with: observed) {
                let split = zip(observed, final).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(observed.count, final.count)
                let saw = split < observed.count ? observed[split] : "nothing"
                let then = split < final.count ? final[split] : "nothing"
                flag(.divergentRead, "\(read.summary) has \(saw) at line \(split), the final list has \(then)", at: read.invokedNs)
            }
            for value in observed {
                if let append = appendOf[value], append.invokedNs > read.completedNs {
                    flag(.futureRead, "\(read.summary) saw \(value), appended only later by \(append.summary)", at: append.invokedNs)
                }
            }
        }

        // Real time: what completed before an operation began comes before it.
        let acknowledged = appends.filter { $0.outcome == .ok && $0.value.flatMap { position[$0] } != nil }
        let latestAppend = LatestCompleted(acknowledged) { position[$0.value ?? ""] ?? -1 }
        let longestRead = LatestCompleted(reads) { $0.observed?.count ?? 0 }
        for read in reads {
            guard let observed = read.observed else { continue }
            if let missed = latestAppend.best(before: read.invokedNs), (position[missed.value ?? ""] ?? -1) >= observed.count {
                flag(.staleRead, "\(read.summary) misses \(missed.value ?? "?"), acknowledged before it began: \(missed.summary)", at: read.invokedNs)
            }
            if let earlier = longestRead.best(before: read.invokedNs), (earlier.observed?.count ?? 0) > observed.count {
                flag(.readWentBack, "\(read.summary) saw fewer lines than \(earlier.summary), which ended before it began", at: read.invokedNs)
            }
        }
        for append in acknowledged {
            guard let mine = append.value.flatMap({ position[$0] }) else { continue }
            if let before = latestAppend.best(before: append.invokedNs), let theirs = before.value.flatMap({ position[$0] }), theirs > mine {
                flag(.reordered, "\(append.summary) is at line \(mine), before \(before.summary) at line \(theirs), which ended before it began", at: append.invokedNs)
            }
        }
        return found
    }

}

/// Of the operations that completed before a time, the one that ranks highest: sorted once by
/// completion with a running best, then each question is a binary search.
private struct LatestCompleted {
    private let completions: [UInt64]
    private let bestSoFar: [ChaosOperation]

    init(_ operations: [ChaosOperation], rank: (ChaosOperation) -> Int) {
        let sorted = operations.sorted { $0.completedNs < $1.completedNs }
        completions = sorted.map(\.completedNs)
        var running: [ChaosOperation] = []
        for operation in sorted {
            running.append(running.last.map { rank(operation) > rank($0) ? operation : $0 } ?? operation)
        }
        bestSoFar = running
    }

    func best(before time: UInt64) -> ChaosOperation? {
        var low = 0
        var high = completions.count
        while low < high {
            let middle = (low + high) / 2
            if completions[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : bestSoFar[low - 1]
    }
}
