import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    /// The case the product is named after, on eight real processes: 23 January 2020, Wuhan's node
    /// runs and its people cannot come in.
    @Suite("Wuhan 2020, staff absent")
    struct StaffAbsentTests {
        static let plan: Set<String> = ["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"]
        static let windowMs: Int64 = 3_000

        @Test("every Wuhan agent logs out with the node up: dark for staff-absent within the window plus one clock entry; the plan serves Hubei and Hunan; tickets move; staff return, Wuhan recovers in steps and its tickets come home")
        func staffAbsent() throws {
            try withCluster(nodes: 8) { cluster in
                let drill = try Drill.start(on: cluster)
                let admin = try cluster.client(node: try cluster.waitForLeader())
                let floor = try cluster.clientKey(node: try drill.node("wuhan"))
                let elsewhere = try cluster.clientKey(node: try drill.node("beijing"))
                // The SRE shortens the detection window on the live network, as during an incident.
                let tuned = SettingsChange(values: ["staffAbsentDarkAfterMs": Self.windowMs, "channelUnstaffedDarkAfterMs": 60_000])
                _ = try drill.write(admin, .settingsUpdate, SettingsUpdateArgs(tuned), as: ContactCenterAnswer.self)
                let ticket = try drill.write(
                    floor, .ticketCreate, TicketCreateArgs(title: "Loan deferral, Wuhan Union Hospital nurse", center: "wuhan"),
                    as: TicketWriteResult.self)
                for branch in ["hubei", "hunan"] { for _ in 0..<3 { _ = try drill.enqueue(floor, branch) } }
                let serving = try drill.acceptOffers(floor, at: "wuhan")
                #expect(serving.count == 2, "Wuhan's two agents each serve a contact")
                let waiting = try floor.call(.contactList, ContactListArgs(center: "wuhan", state: .queued), as: ContactPage.self).contacts
                #expect(waiting.count == 4)

                // Everyone finishes and goes home; the node keeps running.
                for id in serving { _ = try drill.write(floor, .contactComplete, ContactArgs(contactId: id), as: ContactCenterAnswer.self) }
                for agent in ["wuhan-1", "wuhan-2"] {
                    _ = try drill.write(floor, .agentOffline, AgentArgs(agent: agent), as: ContactCenterAnswer.self)
                }
                let leftAtMs = Int64(Date().timeIntervalSince1970 * 1000)
                let dark = try drill.waitFor("wuhan", .dark, via: elsewhere, timeoutMs: 15_000)
                #expect(dark.reason == .staffAbsent)
                let detectedAfterMs = dark.statusSinceMs - leftAtMs
                #expect(detectedAfterMs >= Self.windowMs - 100 && detectedAfterMs <= Self.windowMs + 1_000 + 500,
                        "dark \(detectedAfterMs) ms after the last agent left (window \(Self.windowMs) ms, clock entries every second)")
                #expect(try floor.status().leader != nil, "Wuhan's node answers all along")

                for before in waiting {
                    let moved = try drill.contact(elsewhere, before.id)
                    #expect(Self.plan.contains(moved.center) && moved.reason == .failover && moved.enqueuedAtMs == before.enqueuedAtMs)
                }
                for branch in ["hubei", "hunan"] {
                    let record = try drill.contact(elsewhere, try drill.enqueue(elsewhere, branch))
                    #expect(Self.plan.contains(record.center) && record.reason == .failover)
                    #expect(record.explanation.contains { $0.rule == "home" && $0.detail.contains("dark (staff-absent)") })
                }
                let sms = try drill.contact(elsewhere, try drill.enqueue(elsewhere, "hunan", .sms))
                #expect(sms.channel == .chat && sms.center != "wuhan")
                let moved = try elsewhere.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(Self.plan.contains(moved.center) && moved.homeCenter == "wuhan")
                #expect(moved.history.last?.text.contains("wuhan is dark (staff-absent)") == true, "\(moved.history.last?.text ?? "")")

                // Staff come back: recovering from staff-absent, the hold-down, steps, up; tickets return.
                for agent in ["wuhan-1", "wuhan-2"] {
                    let login = AgentLoginArgs(agent: agent, center: "wuhan", skills: ["general"], channels: [.voice, .sms, .chat, .callback])
                    _ = try drill.write(floor, .agentLogin, login, as: ContactCenterAnswer.self)
                }
                let recovering = try drill.waitFor("wuhan", .recovering, via: elsewhere)
                #expect(recovering.reason == .staffAbsent)
                var steps: [Int] = []
                try eventually("Wuhan takes its traffic back in steps and is up", timeoutMs: 30_000, intervalMs: 100) {
                    let wuhan = try drill.centers(elsewhere)["wuhan"]
                    if wuhan?.status == .recovering, let percent = wuhan?.failbackPercent, percent > 0, steps.last != percent { steps.append(percent) }
                    return wuhan?.status == .up
                }
                #expect(steps == [10, 25, 50, 100])
                let home = try elsewhere.call(.ticketGet, TicketGetArgs(ticketId: ticket.ticket.id), as: Ticket.self)
                #expect(home.center == "wuhan" && home.homeCenter == nil)
                let back = try drill.contact(elsewhere, try drill.enqueue(elsewhere, "hubei"))
                #expect(back.center == "wuhan" && back.reason == .home)
                try drill.expectNothingLostOrDuplicated(floor, elsewhere)
            }
        }
    }
}
