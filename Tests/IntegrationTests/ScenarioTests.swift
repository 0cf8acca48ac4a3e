import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    /// The scenarios on eight real processes, one per center of the 2020 topology.
    @Suite("Scenarios of 2020 and 2021")
    struct ScenarioTests {
        @Test("Wuhan 2020: its node falls silent; the plan serves Hubei and Hunan, SMS becomes chat, tickets move, nothing is lost; Wuhan then comes back in steps and its tickets come home")
        func wuhan2020() throws {
            try withCluster(nodes: 8) { cluster in
                let drill = try Drill.start(on: cluster)
                let floor = try cluster.clientKey(node: try drill.node("chengdu"))
                let elsewhere = try cluster.clientKey(node: try drill.node("beijing"))
                for branch in ["hubei", "hunan", "sichuan", "henan", "guangdong"] {
                    for _ in 0..<3 { _ = try drill.enqueue(floor, branch) }
                }
                let cutOff = try drill.acceptOffers(floor, at: "wuhan")
                #expect(cutOff.count == 2, "Wuhan's two agents each serve a contact")
                let waiting = try floor.call(.contactList, ContactListArgs(center: "wuhan", state: .queued), as: ContactPage.self).contacts
                #expect(waiting.count == 4)
                let ticket = try drill.write(
                    floor, .ticketCreate, TicketCreateArgs(title: "Account unfreeze, Hankou", center: "wuhan"), as: TicketWriteResult.self)

                try cluster.kill(node: try drill.node("wuhan"))
                _ = try drill.waitFor("wuhan", .dark, via: floor)
                for id in cutOff {
                    let record = try drill.contact(floor, id)
                    #expect(record.state == .redirected)
                    let callback = try drill.contact(floor, try #require(record.callback))
                    #expect(callback.center != "wuhan" && callback.state.isLive, "the customer cut off is called back elsewhere")
                }
                for before in waiting {
                    let moved = try drill.contact(floor, before.id)
                    #expect(moved.center != "wuhan" && moved.reason == .failover && moved.enqueuedAtMs == before.enqueuedAtMs)
                }
                var shares: [String: Int] = [:]
                for _ in 0..<100 {
                    let record = try drill.contact(floor, try drill.enqueue(floor, "hubei"))
                    #expect(record.reason == .failover && record.explanation.contains { $0.rule == "dr-plan" })
                    shares[record.center, default: 0] += 1
                }
                #expect(Set(shares.keys) == ["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"], "\(shares)")
                #expect((30...70).contains(shares["chengdu"] ?? 0), "Chengdu's weight is 50 of 100: \(shares)")
                let sms = try drill.contact(floor, try drill.enqueue(floor, "hunan", .sms))
                #expect(sms.channel == .chat && sms.originalChannel == .sms && sms.center != "wuhan")
                let reowned = try floor.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(reowned.center != "wuhan" && reowned.homeCenter == "wuhan" && reowned.history.last?.author == "system")
                try drill.expectNothingLostOrDuplicated(floor, elsewhere)

                let servedElsewhere = try drill.acceptOffers(floor, at: "chengdu")
                #expect(!servedElsewhere.isEmpty)
                try cluster.start(node: try drill.node("wuhan"))
                _ = try drill.waitFor("wuhan", .recovering, via: floor)
                var steps: [Int] = []
                try eventually("Wuhan takes its traffic back in steps and is up", timeoutMs: 30_000, intervalMs: 100) {
                    let wuhan = try drill.centers(floor)["wuhan"]
                    if let percent = wuhan?.failbackPercent, percent > 0, steps.last != percent { steps.append(percent) }
                    return wuhan?.status == .up
                }
                #expect(steps == [10, 25, 50, 100])
                let cameHome = try floor.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(cameHome.center == "wuhan" && cameHome.homeCenter == nil)
                #expect(cameHome.history.last?.text == "returned from \(reowned.center) to wuhan: wuhan is up again")
                for id in servedElsewhere {
                    let record = try drill.contact(floor, id)
                    #expect(record.center == "chengdu" && record.state == .inService, "failback never moves a contact in service")
                }
                let home = try drill.contact(floor, try drill.enqueue(floor, "hubei"))
                #expect(home.center == "wuhan" && home.reason == .home)
                try drill.expectNothingLostOrDuplicated(floor, elsewhere)
            }
        }

        @Test("4 February: Chengdu's intake refuses Wuhan's overflow; the next center of the plan takes it, and status says why")
        func brokenBackupRoute() throws {
            try withCluster(nodes: 8) { cluster in
                let drill = try Drill.start(on: cluster)
                let admin = try cluster.client(node: try drill.node("beijing"))
                let intake = try cluster.clientKey(node: try drill.node("chengdu"))
                // 2020's remote shifts, before any contact keeps the agent busy: a Nanning agent lent to
                // Hefei with the loans skill, then given back.
                let lend = AgentLendArgs(agent: "nanning-1", center: "hefei", extraSkills: ["loans"], by: "duty manager Li")
                _ = try drill.write(admin, .agentLend, lend, as: ContactCenterAnswer.self)
                let lent = try admin.call(.agentList, AgentListArgs(center: "hefei"), as: AgentPage.self).agents.first { $0.id == "nanning-1" }
                #expect(lent?.homeCenter == "nanning" && lent?.extraSkills == ["loans"])
                #expect(lent?.lend?.by.hasPrefix("duty manager Li (admin:") == true)
                _ = try drill.write(admin, .agentReturn, AgentLendArgs(agent: "nanning-1", by: "duty manager Li"), as: ContactCenterAnswer.self)
                let back = try admin.call(.agentList, AgentListArgs(center: "nanning"), as: AgentPage.self).agents.first { $0.id == "nanning-1" }
                #expect(back?.lend == nil && back?.lendRecords.map(\.action) == [.lent, .returned])
                #expect(back?.lendRecords.allSatisfy { $0.toCenter == "hefei" && $0.by.hasPrefix("duty manager Li") } == true)

                _ = try drill.write(admin, .centerBlackout, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                let sent = try (0..<30).map { _ in try drill.contact(intake, try drill.enqueue(intake, "hubei")) }
                let refused = try #require(sent.first { $0.center == "chengdu" && $0.state == .queued })

                _ = try drill.write(intake, .contactRefuse, ContactRefuseArgs(contactId: refused.id, center: "chengdu"), as: ContactCenterAnswer.self)
                let moved = try drill.contact(intake, refused.id)
                #expect(moved.center != "chengdu" && moved.center != "wuhan")
                #expect(moved.explanation.contains { $0.rule == "broken-route" && $0.detail.contains("wuhan → chengdu") })
                let wuhan = try drill.centers(admin)["wuhan"]
                #expect(wuhan?.brokenRoutesTo == ["chengdu"])
                #expect(wuhan?.brokenRouteReasons["chengdu"] == "chengdu refused contact \(refused.id) from wuhan")
                let after = try (0..<30).map { _ in try drill.contact(intake, try drill.enqueue(intake, "hunan")) }
                #expect(after.allSatisfy { $0.center != "chengdu" && $0.center != "wuhan" })
                let dryRun = try intake.call(.routeExplain, RouteExplainArgs(branch: "hubei", channel: .voice), as: RouteExplanation.self)
                #expect(dryRun.steps.contains { $0.rule == "broken-route" })

                let mend = try drill.write(admin, .routeBroken, RouteBrokenArgs(from: "wuhan", to: "chengdu", broken: false), as: ContactCenterAnswer.self)
                #expect(mend.events.contains { $0.contains("wuhan") && $0.contains("chengdu") }, "route.broken answers its event: \(mend.events)")
                let markAgain = try drill.write(admin, .routeBroken, RouteBrokenArgs(from: "wuhan", to: "chengdu"), as: ContactCenterAnswer.self)
                #expect(!markAgain.events.isEmpty, "marking a route broken answers its event")
                _ = try drill.write(admin, .routeBroken, RouteBrokenArgs(from: "wuhan", to: "chengdu", broken: false), as: ContactCenterAnswer.self)
                #expect(try drill.centers(admin)["wuhan"]?.brokenRoutesTo == [])
                let mended = try (0..<30).map { _ in try drill.contact(intake, try drill.enqueue(intake, "hubei")) }
                #expect(mended.contains { $0.center == "chengdu" })
                try drill.expectNothingLostOrDuplicated(intake, admin)
            }
        }

        @Test("2021: Wuhan and Zhengzhou dark at once, then the leader's own center; Chengdu comes back and leads again")
        func twoDarkThenTheLeaders() throws {
            try withCluster(nodes: 8) { cluster in
                let drill = try Drill.start(on: cluster)
                let chengdu = try drill.node("chengdu")
                let floor = try cluster.clientKey(node: try drill.node("beijing"))
                let other = try cluster.clientKey(node: try drill.node("shanghai"))
                try eventually("Chengdu, the preferred center, leads", timeoutMs: 20_000) { try floor.status().leader?.id == chengdu }
                let ticket = try drill.write(
                    floor, .ticketCreate, TicketCreateArgs(title: "Loan deferral, Chengdu", center: "chengdu"), as: TicketWriteResult.self)

                try cluster.kill(node: try drill.node("wuhan"))
                try cluster.kill(node: try drill.node("zhengzhou"))
                _ = try drill.waitFor("wuhan", .dark, via: floor)
                _ = try drill.waitFor("zhengzhou", .dark, via: floor)
                let henan = try (0..<30).map { _ in try drill.contact(floor, try drill.enqueue(floor, "henan")) }
                #expect(Set(henan.map(\.center)).isSubset(of: ["beijing", "chengdu", "hefei"]), "Zhengzhou's plan skips dark Wuhan")
                let hubei = try (0..<30).map { _ in try drill.contact(floor, try drill.enqueue(floor, "hubei")) }
                #expect(hubei.allSatisfy { $0.center != "wuhan" && $0.center != "zhengzhou" })

                try cluster.kill(node: chengdu)
                _ = try drill.waitFor("chengdu", .dark, via: floor, timeoutMs: 30_000)
                let sichuan = try (0..<30).map { _ in try drill.contact(floor, try drill.enqueue(floor, "sichuan")) }
                #expect(sichuan.allSatisfy { !["chengdu", "wuhan", "zhengzhou"].contains($0.center) })
                let reowned = try floor.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(!["chengdu", "wuhan", "zhengzhou"].contains(reowned.center))
                try drill.expectNothingLostOrDuplicated(floor, other)

                try cluster.start(node: chengdu)
                _ = try drill.waitFor("chengdu", .recovering, via: floor)
                try eventually("Chengdu leads again once it is stable", timeoutMs: 30_000) { try floor.status().leader?.id == chengdu }
            }
        }
    }
}
