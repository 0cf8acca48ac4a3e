import Consensus
import Testing

/// A core refuses to start from a configuration or a durable state it cannot run safely.
@Suite("Core input validation")
struct CoreInputValidationTests {
    struct ConfigurationCase: Sendable, CustomTestStringConvertible {
        var fields: [String]
        var change: @Sendable (inout RaftConfiguration) -> Void
        var testDescription: String { fields.joined(separator: ", ") }
    }

    static let configurationCases = [
        ConfigurationCase(fields: ["id"]) { $0 = RaftConfiguration(id: 0) },
        // A heartbeat interval of at least 1 can never be below an election timeout of 1.
        ConfigurationCase(fields: ["electionTimeoutTicks", "heartbeatIntervalTicks"]) { $0.electionTimeoutTicks = 1 },
        ConfigurationCase(fields: ["heartbeatIntervalTicks"]) { $0.heartbeatIntervalTicks = 0 },
        ConfigurationCase(fields: ["heartbeatIntervalTicks"]) { $0.heartbeatIntervalTicks = $0.electionTimeoutTicks },
        ConfigurationCase(fields: ["maxEntriesPerAppend"]) { $0.maxEntriesPerAppend = 0 },
        ConfigurationCase(fields: ["maxBytesPerAppend"]) { $0.maxBytesPerAppend = 0 },
        ConfigurationCase(fields: ["maxInflightAppends"]) { $0.maxInflightAppends = 0 },
        ConfigurationCase(fields: ["maxUncommittedEntries"]) { $0.maxUncommittedEntries = 0 },
        ConfigurationCase(fields: ["maxPendingReads"]) { $0.maxPendingReads = -1 },
        ConfigurationCase(fields: ["maxEntriesPerApply"]) { $0.maxEntriesPerApply = 0 },
        ConfigurationCase(fields: ["preferredLeaderStableWindows"]) { $0.preferredLeaderStableWindows = 0 },
        ConfigurationCase(fields: ["id", "maxPendingReads"]) {
            $0 = RaftConfiguration(id: 0)
            $0.maxPendingReads = 0
        },
    ]

    @Test("the default configuration has no problems")
    func defaultConfigurationIsValid() {
        #expect(RaftConfiguration(id: 1).problems.isEmpty)
        #expect(Paper.configuration(1).problems.isEmpty)
    }

    @Test("each problem names its field, and the core refuses to start", arguments: configurationCases)
    func configurationProblems(_ example: ConfigurationCase) throws {
        var configuration = RaftConfiguration(id: 1)
        example.change(&configuration)
        let problems = configuration.problems
        #expect(problems.map(\.field) == example.fields)
        let first = try #require(problems.first)
        let error = #expect(throws: CoreSetupError.self) {
            try RaftNode(configuration: configuration, restoring: .joining, random: SeededRandom(seed: 1))
        }
        #expect(error == .invalidConfiguration(first.description))
    }

    struct DurableCase: Sendable, CustomTestStringConvertible {
        var name: String
        var state: DurableState
        var defect: String
        var testDescription: String { name }
    }

    static let voters: [NodeID] = [1, 2, 3]
    static let founding = Paper.log(voters: voters, terms: [1])[0]

    static let durableCases = [
        DurableCase(
            name: "a gap in the log",
            state: DurableState(
                hardState: HardState(term: 2, commit: 1), snapshot: .empty,
                entries: [founding] + Paper.entries(from: 3, terms: [2])),
            defect: "log entry 3 found where 2 was expected"),
        DurableCase(
            name: "a log that does not start after the snapshot",
            state: DurableState(
                hardState: HardState(term: 2, commit: 0), snapshot: .empty, entries: Paper.entries(from: 2, terms: [2])),
            defect: "log entry 2 found where 1 was expected"),
        DurableCase(
            name: "an entry repeated",
            state: DurableState(
                hardState: HardState(term: 1, commit: 1), snapshot: .empty, entries: [founding, founding]),
            defect: "log entry 1 found where 2 was expected"),
        DurableCase(
            name: "an entry of a term above the hard state's",
            state: Paper.state(voters: voters, terms: [1, 3], term: 2),
            defect: "log entry 2 has term 3 above the hard state's 2"),
        DurableCase(
            name: "terms that go down along the log",
            state: Paper.state(voters: voters, terms: [1, 3, 2], term: 3),
            defect: "log entry 3 has term 2 below the 3 before it"),
        DurableCase(
            name: "a commit index beyond the log",
            state: Paper.state(voters: voters, terms: [1, 2], commit: 3),
            defect: "commit index 3 is beyond the last entry 2"),
    ]

    @Test("a core refuses to restart from a corrupt durable state", arguments: durableCases)
    func corruptDurableState(_ example: DurableCase) {
        #expect(example.state.defect == example.defect)
        let error = #expect(throws: CoreSetupError.self) {
            try RaftNode(configuration: Paper.configuration(1), restoring: example.state, random: SeededRandom(seed: 1))
        }
        #expect(error == .corruptDurableState(example.defect))
    }

    @Test("the founding state and the joining state are sound")
    func soundStatesStart() throws {
        for state in [DurableState.bootstrap(voters: Self.voters), .joining] {
            #expect(state.defect == nil)
            let peer = try PaperPeer(Paper.configuration(1), durable: state)
            #expect(peer.node.role == .follower)
        }
    }
}
