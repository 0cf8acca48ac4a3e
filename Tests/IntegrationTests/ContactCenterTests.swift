import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("The contact center over the API")
    struct ContactCenterTests {
        static let topologyPath = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Deploy/topology/china-2020.json").path

        /// The 2020 network, as Deploy/topology has it.
        static func topology() throws -> Topology {
            try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topologyPath)))
        }

        @Test("Wuhan blacked out: Hubei's contacts go to its plan, SMS becomes chat, its tickets move, and each route is explained")
        func wuhanBlackout() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: Self.topologyPath)))
                _ = try admin.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
                let client = try cluster.clientKey(node: cluster.nodeIDs.first { $0 != leader }!)
                let before = try client.call(.contactEnqueue, ContactEnqueueArgs(channel: .voice, branch: "hubei"), as: ContactCenterAnswer.self)
                let home = try client.call(.contactGet, ContactArgs(contactId: try #require(before.contact)), as: ContactRecord.self)
                #expect(home.center == "wuhan" && home.reason == .home)
                let ticket = try client.call(
                    .ticketCreate, TicketCreateArgs(title: "Loan deferral, Wuhan hospital staff", center: "wuhan", text: "called from Hankou"),
                    as: TicketWriteResult.self)
                // API.md: a line's author is the caller's role and the first 8 characters of its key.
                #expect(ticket.ticket.history.last?.author == "client:" + cluster.clientKeyPair.publicKey.z85.prefix(8))

                _ = try admin.call(.centerBlackout, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                var placed: [String: Int] = [:]
                for _ in 0..<20 {
                    let answer = try client.call(.contactEnqueue, ContactEnqueueArgs(channel: .voice, branch: "hubei"), as: ContactCenterAnswer.self)
                    let record = try client.call(.contactGet, ContactArgs(contactId: try #require(answer.contact)), as: ContactRecord.self)
                    placed[record.center, default: 0] += 1
                    #expect(record.reason == .failover && record.explanation.contains { $0.rule == "dr-plan" })
                }
                #expect(placed["wuhan"] == nil && placed.values.reduce(0, +) == 20, "\(placed)")
                let sms = try client.call(.contactEnqueue, ContactEnqueueArgs(channel: .sms, branch: "hunan"), as: ContactCenterAnswer.self)
                #expect(sms.contact != nil)
                let redirected = try client.call(.routeExplain, RouteExplainArgs(contactId: sms.contact), as: ContactRecord.self)
                #expect(redirected.channel == .chat && redirected.originalChannel == .sms && redirected.center != "wuhan")
                // The contact queued at Wuhan before the blackout was moved, keeping its place in time.
                let moved = try client.call(.contactGet, ContactArgs(contactId: home.id), as: ContactRecord.self)
                #expect(moved.center != "wuhan" && moved.enqueuedAtMs == home.enqueuedAtMs)
                let reowned = try client.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(reowned.center != "wuhan")
                #expect(reowned.history.last?.author == "system" && reowned.history.last?.text.contains("wuhan is dark") == true)
                let centers = try client.call(.centerStatus, NoArguments(), as: [CenterStatusRecord].self)
                #expect(centers.first { $0.id == "wuhan" }?.status == .dark)
                let dryRun = try client.call(.routeExplain, RouteExplainArgs(branch: "hunan", channel: .voice), as: RouteExplanation.self)
                #expect(dryRun.center != nil && dryRun.center != "wuhan" && dryRun.steps.contains { $0.rule == "home" })
                // Only the admin key changes a center's status.
                let refused = #expect(throws: APIError.self) {
                    try client.call(.centerRestore, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                }
                #expect(refused?.code == .forbidden)
            }
        }
    }
}
