import Drills
import Testing

/// The checker on hand-made histories: a linearizable one passes, and each kind of anomaly is
/// named with the operations that show it.
@Suite struct ListAppendCheckerTests {
    static func append(_ value: String, _ from: UInt64, _ to: UInt64, _ outcome: ChaosOperation.Outcome = .ok, client: Int = 1) -> ChaosOperation {
        ChaosOperation(client: client, node: 1, kind: .append, ticket: 7, value: value, invokedNs: from, completedNs: to, outcome: outcome)
    }

    static func read(_ observed: [String], _ from: UInt64, _ to: UInt64, client: Int = 2) -> ChaosOperation {
        ChaosOperation(client: client, node: 2, kind: .read, ticket: 7, observed: observed, invokedNs: from, completedNs: to, outcome: .ok)
    }

    static func kinds(_ history: [ChaosOperation], final: [String]) -> [ListAppendChecker.Anomaly.Kind] {
        ListAppendChecker.check(history, finalLists: [7: final]).anomalies.map(\.kind)
    }

    @Test func aLinearizableHistoryIsValid() {
        let history = [
            Self.append("a", 0, 10), Self.read(["a"], 11, 20), Self.append("b", 15, 30),
            // Concurrent with b: may or may not see it.
            Self.read(["a"], 16, 25), Self.read(["a", "b"], 26, 40),
            // Unknown outcome, then applied: fine; failed and absent: fine.
            Self.append("c", 41, 50, .unknown), Self.append("d", 41, 50, .failed), Self.read(["a", "b", "c"], 60, 70),
        ]
        let verdict = ListAppendChecker.check(history, finalLists: [7: ["a", "b", "c"]])
        #expect(verdict.valid, "\(verdict.anomalies)")
        #expect(verdict.acknowledgedAppends == 2 && verdict.reads == 4)
    }

    @Test func aReadMissingAnAcknowledgedAppendIsStale() {
        let verdict = ListAppendChecker.check([Self.append("a", 0, 10), Self.read([], 20, 30)], finalLists: [7: ["a"]])
        #expect(verdict.anomalies.map(\.kind) == [.staleRead])
        #expect(verdict.anomalies.first?.description.contains("misses a") == true)
    }

    @Test func eachAnomalyIsNamed() {
        #expect(Self.kinds([Self.append("a", 0, 10)], final: []) == [.lostWrite])
        #expect(Self.kinds([Self.append("a", 0, 10), Self.read(["x"], 20, 30)], final: ["a"]).contains(.divergentRead))
        #expect(Self.kinds([Self.append("a", 0, 10), Self.append("b", 0, 10), Self.read(["a", "b"], 20, 30), Self.read(["a"], 31, 40)], final: ["a", "b"]).contains(.readWentBack))
        #expect(Self.kinds([Self.append("a", 0, 10)], final: ["a", "a"]).contains(.duplicate))
        #expect(Self.kinds([Self.append("a", 0, 10)], final: ["a", "z"]) == [.phantom])
        #expect(Self.kinds([Self.append("a", 0, 10, .failed)], final: ["a"]) == [.refusedButApplied])
        #expect(Self.kinds([Self.append("a", 0, 10), Self.append("b", 20, 30)], final: ["b", "a"]) == [.reordered])
        #expect(Self.kinds([Self.read(["a"], 0, 5), Self.append("a", 10, 20)], final: ["a"]).contains(.futureRead))
    }

    @Test func theEarliestAnomalyComesFirstAndTheListIsBounded() {
        var history: [ChaosOperation] = []
        for step in 0..<50 {
            let at = UInt64(step) * 100
            history.append(Self.append("v\(step)", at, at + 10))
            history.append(Self.read([], at + 20, at + 30))
        }
        let verdict = ListAppendChecker.check(history, finalLists: [7: (0..<50).map { "v\($0)" }])
        #expect(verdict.anomalies.count == ListAppendChecker.maxAnomalies)
        #expect(verdict.anomalies.first?.text.contains("misses v0") == true, "\(verdict.anomalies.first?.text ?? "")")
    }
}
