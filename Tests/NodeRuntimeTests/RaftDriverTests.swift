import Consensus
import Foundation
import NodeRuntime
import NodeStorage
import Testing

@Suite("Raft driver on SQLite")
struct RaftDriverTests {
    @Test("three nodes elect, commit, and every node's database holds the commands in order (persists inline or on a storage thread)",
        arguments: [false, true])
    func replicateToDisk(persistsInBackground: Bool) throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], persistsInBackground: persistsInBackground)
        let leader = try #require(try cluster.awaitLeader())
        let commands = (1...50).map { [UInt8($0)] }
        let outcome = try #require(try cluster.drivers[leader]?.perform { $0.propose(batch: commands) })
        guard case .appended = outcome else {
            Issue.record("the leader refused: \(outcome)")
            return
        }
        try cluster.deliverAll()
        try cluster.tickAll(3)
        for id in cluster.voters {
            #expect(try CommandLog.bodies(cluster.stores[id]!) == commands.map { $0[0] }, "node \(id)")
        }
    }

    @Test("a turn is the unit of I/O: twenty proposals in one turn are one fsync on the leader, and twenty appends taken in one turn are one fsync on a follower")
    func groupCommit() throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3])
        let leader = try #require(try cluster.awaitLeader())
        let driver = try #require(cluster.drivers[leader])
        try cluster.tickAll(2)
        _ = cluster.drivers.values.map { $0.takeProgress() }

        try driver.turn { for value in 1...20 { _ = try driver.perform { $0.propose([UInt8(value)]) } } }
        #expect(driver.takeProgress().entriesPerPersist == [20], "one fsync for the turn's twenty entries")
        try cluster.deliverAll()

        // Twenty proposals carried out one by one send twenty appends; a follower takes them in one turn.
        for value in 21...40 { _ = try driver.perform { $0.propose([UInt8(value)]) } }
        #expect(driver.takeProgress().entriesPerPersist.count == 20, "outside a turn, each input is carried out alone")
        let follower = try #require(cluster.voters.first { $0 != leader })
        _ = cluster.drivers[follower]?.takeProgress()
        let taken = try cluster.deliverInTurns()
        #expect(taken[follower] == 20)
        #expect(cluster.drivers[follower]?.takeProgress().entriesPerPersist == [20])
        try cluster.deliverAll()
        try cluster.tickAll(3)
        for id in cluster.voters {
            #expect(try CommandLog.bodies(cluster.stores[id]!) == (1...40).map { UInt8($0) }, "node \(id)")
        }
    }

    @Test("a node answers from inside the apply transaction: the applied hook runs after the application applied the transaction's entries and before the transaction commits")
    func answersBeforeTheApplyCommits() throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3])
        let leader = try #require(try cluster.awaitLeader())
        let driver = try #require(cluster.drivers[leader])
        let store = try #require(cluster.stores[leader])
        let application = try #require(cluster.applications[leader])
        try cluster.tickAll(2)
        var calls: [(commits: UInt64, commandsApplied: Int)] = []
        driver.applied = { calls.append((store.commitCount, application.commandsApplied)) }

        let applied = application.commandsApplied
        try driver.turn { for value in 1...5 { _ = try driver.perform { $0.propose([UInt8(value)]) } } }
        try cluster.deliverAll()

        try #require(!calls.isEmpty)
        #expect(calls.last?.commandsApplied == applied + 5, "the last call came after all five were applied")
        // Each call's transaction commits after it: the next call, and the end, see one more commit.
        let commitsAfter = calls.dropFirst().map(\.commits) + [store.commitCount]
        for (call, later) in zip(calls, commitsAfter) { #expect(call.commits < later) }
        #expect(try CommandLog.bodies(store).suffix(5) == [1, 2, 3, 4, 5])
    }

    @Test("killed without closing, every node restarts from its file with everything it had committed (persists inline or on a storage thread)",
        arguments: [false, true])
    func restartFromDisk(persistsInBackground: Bool) throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], persistsInBackground: persistsInBackground)
        let leader = try #require(try cluster.awaitLeader())
        _ = try cluster.drivers[leader]?.perform { $0.propose(batch: [[7], [8], [9]]) }
        try cluster.deliverAll()
        let committed = try #require(cluster.drivers[leader]?.core.commitIndex)
        for id in cluster.voters { cluster.kill(id) }
        for id in cluster.voters { try cluster.start(id, founding: true) }
        // The leader applied what it acknowledged; a majority holds the committed entries on disk.
        #expect(try CommandLog.bodies(cluster.stores[leader]!) == [7, 8, 9])
        let holders = cluster.voters.filter { (cluster.drivers[$0]?.core.lastIndex ?? 0) >= committed }
        #expect(holders.count >= 2)
        let next = try #require(try cluster.awaitLeader())
        _ = try cluster.drivers[next]?.perform { $0.propose([10]) }
        try cluster.deliverAll()
        try cluster.tickAll(3)
        for id in cluster.voters {
            #expect(try CommandLog.bodies(cluster.stores[id]!) == [7, 8, 9, 10], "node \(id)")
        }
    }

    @Test(
        "logs are compacted by snapshots, taken inline or on a thread of their own while entries apply, and a new learner catches up by installing one",
        arguments: [false, true])
    func snapshotInstall(inBackground: Bool) throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], compactEveryEntries: 20, snapshotsInBackground: inBackground)
        let leader = try #require(try cluster.awaitLeader())
        for round in 0..<10 {
            _ = try cluster.drivers[leader]?.perform { $0.propose(batch: (0..<5).map { [UInt8(round * 5 + $0)] }) }
            try cluster.deliverAll()
        }
        try cluster.tickAll(3)
        try cluster.collectSnapshots()
        let leaderCore = try #require(cluster.drivers[leader]?.core)
        #expect(leaderCore.snapshotIndex >= 20)
        // The entries the snapshot covers are trimmed at the end of the turns that follow it.
        let covered = try cluster.stores[leader]?.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM raft_log WHERE idx <= ?", arguments: [Int64(leaderCore.snapshotIndex)])
        }
        #expect(covered == 0)
        try cluster.start(4, founding: false)
        let change = try cluster.drivers[leader]?.perform { $0.proposeMembershipChange(.addLearner(4)) }
        guard case .appended = change else {
            Issue.record("the learner was not added: \(String(describing: change))")
            return
        }
        try cluster.deliverAll()
        try cluster.tickAll(10)
        try cluster.collectSnapshots()
        let expected = try CommandLog.bodies(cluster.stores[leader]!)
        #expect(expected.count == 50)
        #expect(try CommandLog.bodies(cluster.stores[4]!) == expected)
        #expect((cluster.drivers[4]?.core.snapshotIndex ?? 0) >= 20)
    }

    @Test("large entries bring the snapshot forward: the log held in memory stays within its byte bound")
    func snapshotByBytes() throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], compactEveryEntries: 10_000, compactEveryBytes: 1_024)
        let leader = try #require(try cluster.awaitLeader())
        for round in 0..<10 {
            _ = try cluster.drivers[leader]?.perform { $0.propose(batch: (0..<5).map { [UInt8(round * 5 + $0)] + [UInt8](repeating: 0, count: 63) }) }
            try cluster.deliverAll()
        }
        try cluster.tickAll(3)
        // 50 entries of 64 bytes: 3,200 bytes, three times the bound, and far from 10,000 entries.
        for id in cluster.voters {
            let core = try #require(cluster.drivers[id]?.core)
            #expect(core.snapshotIndex >= 16, "node \(id)")
            #expect(core.lastIndex - core.snapshotIndex < 32, "node \(id) holds \(core.lastIndex - core.snapshotIndex) entries")
        }
        #expect(try CommandLog.bodies(cluster.stores[leader]!) == (0..<50).map { UInt8($0) })
    }

    @Test("a compaction goes no further than the store has applied, while persists run on the storage thread")
    func compactionFollowsTheStore() throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], compactEveryEntries: 3, persistsInBackground: true)
        let leader = try #require(try cluster.awaitLeader())
        var compactions = 0
        for round in 0..<40 {
            _ = try cluster.drivers[leader]?.perform { $0.propose(batch: (0..<4).map { [UInt8(round), UInt8($0)] }) }
            for _ in 0..<3 {
                try cluster.deliverInTurns()
                for id in cluster.voters {
                    let (snapshotIndex, appliedIndex) = try #require(cluster.stores[id]).read { db in
                        (try Int64.fetchOne(db, sql: "SELECT idx FROM raft_snapshot") ?? 0,
                         try Int64.fetchOne(db, sql: "SELECT idx FROM raft_applied") ?? 0)
                    }
                    if snapshotIndex > 0 { compactions += 1 }
                    #expect(snapshotIndex <= appliedIndex, "node \(id) compacted to \(snapshotIndex) with \(appliedIndex) applied")
                }
            }
        }
        #expect(compactions > 0)
        try cluster.deliverAll()
        for id in cluster.voters { #expect(try CommandLog.bodies(cluster.stores[id]!).count == 160, "node \(id)") }
    }

    @Test("compaction copies no state; the copy a learner needs, when it cannot be written, is reported, committing goes on, and a later one reaches it")
    func failedSnapshotIsRetried() throws {
        let cluster = try RuntimeCluster(voters: [1, 2, 3], compactEveryEntries: 20, snapshotsInBackground: true)
        let leader = try #require(try cluster.awaitLeader())
        let driver = try #require(cluster.drivers[leader])
        let store = try #require(cluster.stores[leader])
        // A file where the snapshot directory should be: every snapshot file write fails.
        let blocker = store.path + ".snapshots"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data([1])))
        _ = driver.takeProgress()
        var failures: [String] = []
        func round(_ number: Int) throws {
            _ = try driver.perform { $0.propose(batch: (0..<5).map { [UInt8(number * 5 + $0)] }) }
            try cluster.deliverAll()
            try cluster.tickAll(2)
            try cluster.collectSnapshots()
            if let failure = driver.takeProgress().snapshotFailure { failures.append(failure) }
        }
        for number in 0..<6 { try round(number) }
        #expect(failures.isEmpty, "a compaction writes no snapshot file")
        #expect(driver.core.snapshotIndex >= 20)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT length(data) FROM raft_snapshot") } == 0)

        try cluster.start(4, founding: false)
        guard case .appended = try driver.perform({ $0.proposeMembershipChange(.addLearner(4)) }) else {
            Issue.record("the learner was not added")
            return
        }
        for number in 6..<10 { try round(number) }
        #expect(!failures.isEmpty && failures.allSatisfy { $0.contains("cannot write snapshot file") })
        #expect(cluster.drivers[4]?.core.snapshotIndex == 0)
        #expect(try CommandLog.bodies(store).count == 50, "committing went on")

        try FileManager.default.removeItem(atPath: blocker)
        for number in 10..<12 { try round(number) }
        try cluster.tickAll(10)
        try cluster.collectSnapshots()
        #expect((cluster.drivers[4]?.core.snapshotIndex ?? 0) >= 20)
        #expect(try CommandLog.bodies(cluster.stores[4]!) == CommandLog.bodies(store))
    }
}
