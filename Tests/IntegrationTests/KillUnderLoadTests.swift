import ClientAPI
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    /// Group commit must not cost durability: with 128 writes in flight, every write the cluster
    /// acknowledged survives a kill -9, whether of the leader or of a follower.
    @Suite("Kill -9 under load")
    struct KillUnderLoadTests {
        static let inFlight = 128
        static let acknowledgedBeforeKill = 600
        static let maxLoadSeconds: Double = 30

        enum Victim: String, CaseIterable, Sendable {
            case leader, follower
        }

        @Test("128 creates in flight, kill -9 of a node: every acknowledged write is there afterwards, once", arguments: Victim.allCases)
        func killUnderLoad(victim: Victim) throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let target = victim == .leader ? leader : try #require(cluster.nodeIDs.first { $0 != leader })
                let writer = try cluster.client(node: leader)
                var pending: Set<String> = []
                var acknowledged: [Int64: String] = [:]
                var sequence = 0
                func sendOne() throws {
                    sequence += 1
                    let id = "load-\(victim.rawValue)-\(sequence)"
                    try writer.send(.ticketCreate, TicketCreateArgs(title: id), requestID: id, timeoutMs: 2_000)
                    pending.insert(id)
                }
                func collect(timeoutMs: Int) throws -> Bool {
                    guard let answer = try writer.nextAnswer(as: TicketWriteResult.self, timeoutMs: timeoutMs) else { return false }
                    guard let id = answer.requestId, pending.remove(id) != nil else { return true }
                    if case .success(let result) = answer.outcome {
                        #expect(acknowledged[result.ticket.id] == nil, "ticket \(result.ticket.id) acknowledged twice")
                        acknowledged[result.ticket.id] = result.ticket.title
                    }
                    return true
                }
                for _ in 0..<Self.inFlight { try sendOne() }
                let started = Date()
                while acknowledged.count < Self.acknowledgedBeforeKill, Date().timeIntervalSince(started) < Self.maxLoadSeconds {
                    guard try collect(timeoutMs: 5_000) else { break }
                    try sendOne()
                }
                try #require(acknowledged.count >= Self.acknowledgedBeforeKill, "the load never got going")
                try cluster.kill(node: target)
                // What was answered before the process died is acknowledged; then nothing more comes
                // from a dead leader, while a live one goes on answering the rest.
                while !pending.isEmpty, try collect(timeoutMs: 1_000) {}

                let reader = try cluster.client(node: try cluster.waitForLeader())
                var stored: [Int64: String] = [:]
                var after: Int64?
                for _ in 0..<100 {
                    let page = try reader.call(.ticketList, TicketListArgs(afterId: after, limit: TicketListArgs.maxLimit), as: TicketPage.self)
                    for ticket in page.tickets { stored[ticket.id] = ticket.title }
                    guard let next = page.nextAfterId else { break }
                    after = next
                }
                let lost = acknowledged.filter { stored[$0.key] != $0.value }
                #expect(lost.isEmpty, "\(lost.count) of \(acknowledged.count) acknowledged writes lost after kill -9 of the \(victim.rawValue)")
                #expect(Set(stored.values).count == stored.count, "a write was applied twice")
            }
        }
    }
}
