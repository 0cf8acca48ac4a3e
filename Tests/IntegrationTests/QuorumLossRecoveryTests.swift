import ClientAPI
import ClusterConfig
import Foundation
import InterflowTesting
import Testing
import ZeroMQ

extension RealProcesses {
    /// The operator's recovery commands on real processes: `--force-new-cluster` when a majority
    /// is lost for good, and `--backup-to` / `--restore-from`.
    @Suite("Quorum lost for good, backup and restore")
    struct QuorumLossRecoveryTests {
        /// Every ticket a node serves through linearizable reads, page by page.
        static func ticketIDs(_ client: APIClient) throws -> Set<Int64> {
            var ids: Set<Int64> = []
            var after: Int64?
            for _ in 0..<1_000 {
                let page = try client.call(.ticketList, TicketListArgs(afterId: after, limit: TicketListArgs.maxLimit), as: TicketPage.self)
                ids.formUnion(page.tickets.map(\.id))
                guard let next = page.nextAfterId else { return ids }
                after = next
            }
            return ids
        }

        /// Waits until `node` leads a cluster whose only voter it is.
        static func waitForSoleLeader(_ cluster: TestCluster, node: UInt64) throws -> APIClient {
            let client = try cluster.client(node: node)
            try eventually("node \(node) leads alone", timeoutMs: 30_000) {
                let status = try client.status()
                return status.node.role == "leader" && status.members.filter(\.voter).map(\.id) == [node]
            }
            return client
        }

        @Test("two of three voters lost for good: the survivor refuses writes, is forced into a one-voter cluster, keeps every acknowledged write, and grows again with member.add")
        func majorityLostForGood() throws {
            try withCluster(nodes: 4, learners: 1) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let acknowledged = try (1...40).map { try admin.createTicket("before the loss \($0)").ticket.id }
                for id in acknowledged.prefix(5) {
                    _ = try admin.call(.ticketAppend, TicketAppendArgs(ticketId: id, text: "appended before the loss"), as: TicketWriteResult.self)
                }
                let survivor = try #require(cluster.nodeIDs.first { $0 != leader && $0 != 4 })
                let lost = cluster.nodeIDs.filter { $0 != survivor && $0 != 4 }
                // A follower survives, holding every acknowledged write (it need not know them all committed).
                let target = try admin.status().node.commitIndex
                let survivorClient = try cluster.client(node: survivor)
                try eventually("node \(survivor) holds the log through \(target)") { try survivorClient.status().node.lastIndex >= target }
                for node in lost { try cluster.kill(node: node) }
                try eventually("node \(survivor) refuses writes with no_quorum") {
                    do {
                        _ = try survivorClient.call(.ticketCreate, TicketCreateArgs(title: "no quorum"), as: TicketWriteResult.self)
                        return false
                    } catch let error as APIError {
                        return error.code == .noQuorum
                    }
                }
                try cluster.stop(node: survivor)
                let configPath = try cluster.record(node: survivor).configPath

                let state = try CenterNodeCommand.run(cluster, ["--print-state", "--config", configPath])
                #expect(state.status == 0, "\(state.transcript)")
                #expect(state.output.contains("last index") && state.output.contains("configuration: voters 1, 2, 3"), "\(state.transcript)")

                let unconfirmed = try CenterNodeCommand.run(cluster, ["--force-new-cluster", "--config", configPath])
                #expect(unconfirmed.status == 1, "\(unconfirmed.transcript)")
                #expect(unconfirmed.output.contains("last index") && unconfirmed.output.contains("Risks:"), "\(unconfirmed.transcript)")
                #expect(unconfirmed.output.contains("as an election would"), "\(unconfirmed.transcript)")
                #expect(unconfirmed.output.contains("Edit \(configPath)"), "\(unconfirmed.transcript)")
                #expect(unconfirmed.output.contains("--force-new-cluster --yes-i-have-lost-quorum --config \(configPath)"), "\(unconfirmed.transcript)")
                #expect(unconfirmed.errors.contains("not confirmed: nothing was changed"), "\(unconfirmed.transcript)")

                let unedited = try CenterNodeCommand.run(cluster, ["--force-new-cluster", "--yes-i-have-lost-quorum", "--config", configPath])
                #expect(unedited.status == 1, "\(unedited.transcript)")
                #expect(unedited.errors.contains("remove nodes \(lost.map(String.init).joined(separator: ", "))"), "\(unedited.transcript)")
                #expect(unedited.errors.contains("Nothing was changed"), "\(unedited.transcript)")

                // The operator's edit: the lost members out, node 4 kept as a learner-to-be.
                try editConfiguration(configPath) { config in
                    config.members.removeAll { lost.contains($0.id) }
                    if let preferred = config.preferredLeader, lost.contains(preferred) { config.preferredLeader = nil }
                }
                let forced = try CenterNodeCommand.run(cluster, ["--force-new-cluster", "--yes-i-have-lost-quorum", "--config", configPath])
                #expect(forced.status == 0, "\(forced.transcript)")
                #expect(forced.output.contains("forced a new cluster: node \(survivor) is the only voter"), "\(forced.transcript)")

                try cluster.start(node: survivor)
                let alone = try Self.waitForSoleLeader(cluster, node: survivor)
                #expect(try alone.status().members.map(\.id) == [survivor], "the lost members are in no configuration")
                #expect(try Self.ticketIDs(alone).isSuperset(of: acknowledged), "an acknowledged write was lost")
                let appended = try alone.call(.ticketGet, TicketGetArgs(ticketId: acknowledged[0]), as: Ticket.self)
                #expect(appended.history.contains { $0.text == "appended before the loss" })
                let after = try alone.createTicket("after the recovery").ticket.id

                // It grows again: node 4, never a member, joins as a learner and is promoted.
                let learner = try cluster.record(node: 4)
                let key = try CurveKey(contentsOfFile: learner.publicKey).z85
                let added = try alone.call(
                    .memberAdd, MemberAddArgs(id: 4, center: learner.center, peer: learner.peer, client: learner.client, publicKey: key),
                    as: MembershipResult.self)
                #expect(added.voters == [survivor] && added.learners == [4])
                let newcomer = try cluster.client(node: 4)
                try eventually("node 4 applies the whole log", timeoutMs: 30_000) {
                    Set(try newcomer.tickets(stale: true).map(\.id)).isSuperset(of: acknowledged + [after])
                }
                var promoted: MembershipResult?
                try eventually("node 4 is promoted once caught up") {
                    promoted = try? alone.call(.memberPromote, MemberArgs(id: 4), as: MembershipResult.self)
                    return promoted != nil
                }
                #expect(promoted?.voters.sorted() == [survivor, 4].sorted())
                _ = try alone.createTicket("with two voters")
            }
        }

        @Test("the offline commands refuse while the node runs, naming its pid, and change nothing")
        func refusedWhileRunning() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let node = try #require(cluster.nodeIDs.first { $0 != leader })
                let record = try cluster.record(node: node)
                let pid = try #require(record.pid)
                for arguments in [
                    ["--force-new-cluster", "--yes-i-have-lost-quorum", "--config", record.configPath],
                    ["--force-new-cluster", "--config", record.configPath],
                    ["--print-state", "--config", record.configPath],
                    ["--restore-from", cluster.directory + "/no-such-backup.db", "--config", record.configPath],
                ] {
                    let refused = try CenterNodeCommand.run(cluster, arguments)
                    #expect(refused.status == 1, "\(refused.transcript)")
                    #expect(refused.errors.contains("node \(node) is running") && refused.errors.contains("pid \(pid)"), "\(refused.transcript)")
                    #expect(refused.errors.contains("Stop it first"), "\(refused.transcript)")
                }
                let admin = try cluster.client(node: leader)
                #expect(try admin.status().members.filter(\.voter).count == 3)
                _ = try admin.createTicket("still three voters")
                #expect(try cluster.client(node: node).status().node.role == "follower")
            }
        }

        @Test("a backup of the leader under writes, restored into a new directory: one voter, every write acknowledged before the backup")
        func backupUnderWritesAndRestore() throws {
            var limits = Limits()
            // Snapshots (and so snapshot files replaced) every 200 entries, during the backup too.
            limits.snapshotEveryEntries = 200
            try withCluster(nodes: 3, limits: limits) { cluster in
                let leader = try cluster.waitForLeader()
                let writer = try cluster.client(node: leader)
                let record = try cluster.record(node: leader)
                var pending: Set<String> = []
                var acknowledged: Set<Int64> = []
                var sequence = 0
                func sendOne() throws {
                    sequence += 1
                    let id = "backup-load-\(sequence)"
                    try writer.send(.ticketCreate, TicketCreateArgs(title: id), requestID: id, timeoutMs: 5_000)
                    pending.insert(id)
                }
                func collect() throws {
                    guard let answer = try writer.nextAnswer(as: TicketWriteResult.self, timeoutMs: 5_000) else {
                        throw TimedOut(what: "an answer to a write", timeoutMs: 5_000)
                    }
                    guard let id = answer.requestId, pending.remove(id) != nil else { return }
                    if case .success(let result) = answer.outcome { acknowledged.insert(result.ticket.id) }
                }
                for _ in 0..<32 { try sendOne() }
                while acknowledged.count < 600 {
                    try collect()
                    try sendOne()
                }
                let beforeBackup = acknowledged
                let backupFile = cluster.directory + "/node-\(leader).backup"
                let backup = try CenterNodeCommand(cluster, ["--backup-to", backupFile, "--config", record.configPath])
                // Writes go on while it copies.
                while backup.isRunning {
                    try collect()
                    try sendOne()
                }
                let saved = backup.outcome()
                #expect(saved.status == 0, "\(saved.transcript)")
                #expect(saved.output.contains("backed up node \(leader)") && saved.output.contains("last index"), "\(saved.transcript)")
                #expect(!saved.output.contains("snapshot index 0\n"), "the backup carries a snapshot, from its file: \(saved.transcript)")
                for _ in 0..<50 {
                    try collect()
                    try sendOne()
                }
                while !pending.isEmpty { try collect() }
                let again = try CenterNodeCommand.run(cluster, ["--backup-to", backupFile, "--config", record.configPath])
                #expect(again.status == 1 && again.errors.contains("already exists"), "\(again.transcript)")

                // The cluster is gone; the backup is restored into a new data directory on the leader's config.
                for node in cluster.nodeIDs { try cluster.stop(node: node) }
                let restoredData = URL(fileURLWithPath: record.configPath).deletingLastPathComponent().path + "/restored-data"
                try editConfiguration(record.configPath) { config in
                    config.dataDirectory = restoredData
                    config.members.removeAll { $0.id != leader }
                    if config.preferredLeader != leader { config.preferredLeader = nil }
                }
                let restored = try CenterNodeCommand.run(cluster, ["--restore-from", backupFile, "--config", record.configPath])
                #expect(restored.status == 0, "\(restored.transcript)")
                #expect(restored.output.contains("forced a new cluster: node \(leader) is the only voter"), "\(restored.transcript)")
                let twice = try CenterNodeCommand.run(cluster, ["--restore-from", backupFile, "--config", record.configPath])
                #expect(twice.status == 1 && twice.errors.contains("empty data directory"), "\(twice.transcript)")

                try cluster.start(node: leader)
                let alone = try Self.waitForSoleLeader(cluster, node: leader)
                let held = try Self.ticketIDs(alone)
                let missing = beforeBackup.subtracting(held)
                #expect(missing.isEmpty, "\(missing.count) of \(beforeBackup.count) writes acknowledged before the backup are missing")
                #expect(held.isSubset(of: acknowledged), "the restored node holds a ticket nobody wrote")
                let after = try alone.createTicket("after the restore").ticket.id
                #expect(try Self.ticketIDs(alone).contains(after))
            }
        }
    }
}
