import ClientAPI
import InterflowTesting
import Testing
import ZeroMQ

extension RealProcesses {
    @Suite("Membership changes")
    struct MembershipTests {
        @Test("an admin adds a learner, which catches up; promotes it; removes another voter")
        func addPromoteRemove() throws {
            try withCluster(nodes: 4, learners: 1) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let written = try (1...30).map { try admin.createTicket("before the learner \($0)").ticket.id }
                let learner = try cluster.record(node: 4)
                let key = try CurveKey(contentsOfFile: learner.publicKey).z85
                let wrongKey = #expect(throws: APIError.self) {
                    try admin.call(
                        .memberAdd, MemberAddArgs(id: 4, center: learner.center, peer: learner.peer, client: learner.client, publicKey: String(key.reversed())),
                        as: MembershipResult.self)
                }
                #expect(wrongKey?.code == .badRequest)
                let added = try admin.call(
                    .memberAdd,
                    MemberAddArgs(id: 4, center: learner.center, peer: learner.peer, client: learner.client, publicKey: key),
                    as: MembershipResult.self)
                #expect(added.learners == [4] && added.voters.count == 3)
                let newcomer = try cluster.client(node: 4)
                try eventually("the learner applies the log") {
                    Set(try newcomer.tickets(stale: true).map(\.id)).isSuperset(of: written)
                }
                #expect(try newcomer.status().node.role == "learner")
                #expect(try admin.status().members.first { $0.id == 4 }?.voter == false)
                let promoted = try admin.call(.memberPromote, MemberArgs(id: 4), as: MembershipResult.self)
                #expect(promoted.voters.sorted() == [1, 2, 3, 4] && promoted.learners.isEmpty)
                let removed = cluster.nodeIDs.first { $0 != leader && $0 != 4 }!
                let after = try admin.call(.memberRemove, MemberArgs(id: removed), as: MembershipResult.self)
                #expect(!after.voters.contains(removed) && after.voters.count == 3)
                _ = try admin.createTicket("with the new membership")
                // cluster.status lists the configuration as it now is, not the config file.
                #expect(try admin.status().members.map(\.id).sorted() == after.voters.sorted())
                // A client key may not change the membership.
                let refused = #expect(throws: APIError.self) {
                    try cluster.clientKey(node: leader).call(.memberRemove, MemberArgs(id: 4), as: MembershipResult.self)
                }
                #expect(refused?.code == .forbidden)
            }
        }
    }
}
