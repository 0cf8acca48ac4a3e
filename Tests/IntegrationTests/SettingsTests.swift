import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import LocalCluster
import Testing

extension RealProcesses {
    @Suite("Settings and reasons on a live cluster")
    struct SettingsTests {
        /// The 2020 topology loaded through the leader; its id and an admin client of it.
        static func loaded(_ cluster: TestCluster) throws -> (leader: UInt64, admin: APIClient) {
            let leader = try cluster.waitForLeader()
            let admin = try cluster.client(node: leader)
            let topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: ContactCenterTests.topologyPath)))
            _ = try admin.call(.topologyLoad, topology, as: ContactCenterAnswer.self)
            return (leader, admin)
        }

        @Test("An admin changes a detection window while contacts are live; the client key may read it but not change it; refusals say why")
        func settingsUpdateWhileLive() throws {
            try withCluster(nodes: 3) { cluster in
                let (leader, admin) = try Self.loaded(cluster)
                let follower = cluster.nodeIDs.first { $0 != leader }!
                let client = try cluster.clientKey(node: follower)
                _ = try client.call(
                    .agentLogin, AgentLoginArgs(agent: "wuhan-1", center: "wuhan", skills: ["general"], channels: [.voice]),
                    as: ContactCenterAnswer.self)
                for _ in 0..<3 {
                    _ = try client.call(.contactEnqueue, ContactEnqueueArgs(channel: .voice, branch: "hubei"), as: ContactCenterAnswer.self)
                }
                let live = try client.call(.contactList, ContactListArgs(), as: ContactPage.self).contacts.filter { $0.state != .done }
                #expect(live.count == 3)

                let forbidden = #expect(throws: APIError.self) {
                    try client.call(.settingsUpdate, SettingsUpdateArgs(SettingsChange(values: ["staffAbsentDarkAfterMs": 20_000])), as: ContactCenterAnswer.self)
                }
                #expect(forbidden?.code == .forbidden)

                let change = SettingsChange(values: ["staffAbsentDarkAfterMs": 20_000, "offerTimeoutMs": 15_000], failbackStepsPercent: [25, 100])
                let answer = try admin.call(.settingsUpdate, SettingsUpdateArgs(change), as: ContactCenterAnswer.self)
                #expect(answer.events == ["settings changed: offerTimeoutMs, staffAbsentDarkAfterMs, failbackStepsPercent"])
                let read = try client.call(.settingsGet, NoArguments(), as: SettingsRecord.self)
                let values = Dictionary(uniqueKeysWithValues: read.settings.map { ($0.name, $0.value) })
                #expect(values["staffAbsentDarkAfterMs"] == .number(20_000))
                #expect(values["offerTimeoutMs"] == .number(15_000))
                #expect(values["failbackStepsPercent"] == .steps([25, 100]))
                #expect(values["holdDownMs"] == .number(StateSettings().holdDownMs))
                #expect(try client.call(.contactList, ContactListArgs(), as: ContactPage.self).contacts.count == 3, "the contacts stay")

                for (values, code, words) in [
                    (["nonsense": Int64(1)], ErrorCode.badRequest, "nonsense is no setting"),
                    (["statisticsIntervalMs": 60_000], .badRequest, "statisticsIntervalMs is fixed"),
                    (["staffAbsentDarkAfterMs": 10], .badRequest, "staffAbsentDarkAfterMs"),
                    (["maxLiveContacts": 2], .conflict, "below the 3 contacts live now"),
                ] {
                    let refused = #expect(throws: APIError.self) {
                        try admin.call(.settingsUpdate, SettingsUpdateArgs(SettingsChange(values: values)), as: ContactCenterAnswer.self)
                    }
                    #expect(refused?.code == code && refused?.message.contains(words) == true, "\(values): \(String(describing: refused))")
                }
                // Refused whole: nothing of a refused change applies.
                let after = try client.call(.settingsGet, NoArguments(), as: SettingsRecord.self)
                #expect(after == read)
            }
        }

        @Test("center.status and /metrics say why a center is dark and who is present")
        func reasonsInStatusAndMetrics() throws {
            try withCluster(nodes: 3) { cluster in
                let (leader, admin) = try Self.loaded(cluster)
                for agent in ["chengdu-1", "chengdu-2"] {
                    _ = try admin.call(
                        .agentLogin, AgentLoginArgs(agent: agent, center: "chengdu", skills: ["general"], channels: [.voice, .chat]),
                        as: ContactCenterAnswer.self)
                }
                _ = try admin.call(.centerBlackout, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                let centers = try admin.call(.centerStatus, NoArguments(), as: [CenterStatusRecord].self)
                let wuhan = try #require(centers.first { $0.id == "wuhan" })
                #expect(wuhan.status == .dark && wuhan.reason == .operatorBlackout)
                let chengdu = try #require(centers.first { $0.id == "chengdu" })
                #expect(chengdu.reason == nil && chengdu.presentAgents == 2 && chengdu.closedChannels.isEmpty && chengdu.afterHours == .plan)

                let http = try cluster.record(node: leader).http
                try eventually("/metrics shows wuhan's reason", timeoutMs: 5_000) {
                    try HTTPGet.get("http://\(http)/metrics").contains(#"interflow_cc_center_dark_reason{center="wuhan",reason="operator-blackout"} 1"#)
                }
                let metrics = try HTTPGet.get("http://\(http)/metrics")
                #expect(metrics.contains(#"interflow_cc_present_agents{center="chengdu"} 2"#))
                #expect(metrics.contains(#"interflow_cc_failback_percent{center="wuhan"} 0"#))
                #expect(metrics.contains(#"interflow_cc_failback_percent{center="chengdu"} 100"#))
                #expect(metrics.contains(#"interflow_cc_channel_dark{center="chengdu",channel="voice"} 0"#))
            }
        }
    }
}
