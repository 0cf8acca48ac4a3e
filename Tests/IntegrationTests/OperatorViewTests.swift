import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import LocalCluster
import Testing

extension RealProcesses {
    /// What `clusterctl route explain` and `clusterctl status` run, against a live cluster: the
    /// same library calls on the cluster's directory, and the same rendering.
    @Suite("clusterctl's route explain and service figures on a live cluster")
    struct OperatorViewTests {
        @Test("route explain shows where contacts go and why; status and /metrics show each center's figures; errors are plain")
        func routeExplainAndCenterFigures() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let admin = try cluster.client(node: leader)
                let directory = cluster.directory

                // Before any topology: a plain error, and no centers section.
                #expect(throws: RouteQueryError.noTopology(directory: directory)) {
                    try RouteQuery.explain(.branch("hubei", channel: .voice, segment: nil), directory: directory)
                }
                let bare = try LocalClusterControl.status(directory: directory, timeoutMs: 2_000)
                #expect(bare.centers == nil)
                #expect(!StatusTable.render(bare).contains("centers"))

                let topology = try JSONDecoder().decode(
                    Topology.self, from: Data(contentsOf: URL(fileURLWithPath: ContactCenterTests.topologyPath)))
                // As `clusterctl topology load` and `clusterctl center blackout` send them: each run
                // is a new client under the same admin key, and must not be taken for a retry.
                let loaded = try AdminCall.leader(directory: directory, .topologyLoad, topology, as: ContactCenterAnswer.self)
                #expect(loaded.events == ["topology loaded: \(topology.centers.count) centers"])

                // Chengdu: one agent, one contact in service, two waiting behind it.
                _ = try admin.call(
                    .agentLogin, AgentLoginArgs(agent: "cd-1", center: "chengdu", skills: ["general"], channels: [.voice]),
                    as: ContactCenterAnswer.self)
                let first = try #require(try Self.enqueue(admin, .voice, "sichuan"))
                try eventually("the first contact is offered to cd-1", timeoutMs: 10_000) {
                    try admin.call(.contactGet, ContactArgs(contactId: first), as: ContactRecord.self).state == .offered
                }
                _ = try admin.call(.contactAccept, ContactAcceptArgs(contactId: first, agent: "cd-1"), as: ContactCenterAnswer.self)
                for _ in 0..<2 { _ = try Self.enqueue(admin, .voice, "sichuan") }

                let blackout = try AdminCall.leader(
                    directory: directory, .centerBlackout, CenterArgs(center: "wuhan"), as: ContactCenterAnswer.self)
                #expect(blackout.appliedIndex > loaded.appliedIndex)
                #expect(blackout.events.contains { $0.contains("wuhan") } && !blackout.events.contains { $0.hasPrefix("topology") })
                let afterBlackout = try LocalClusterControl.status(directory: directory, timeoutMs: 2_000)
                #expect(afterBlackout.centers?.first { $0.id == "wuhan" }?.status == .dark, "a status change shows at once")
                let hubei = try #require(try Self.enqueue(admin, .voice, "hubei"))

                guard case .contact(let placed) = try RouteQuery.explain(.contact(hubei), directory: directory) else {
                    Issue.record("a contact id must answer with the contact")
                    return
                }
                #expect(placed.reason == .failover && placed.center != "wuhan")
                let contactText = RouteExplainText.render(placed).split(separator: "\n").map(String.init)
                #expect(contactText.first == "contact \(hubei) -> \(placed.center) on voice, reason failover")
                #expect(contactText.contains { $0.hasPrefix("  1. home: branch hubei belongs to wuhan") })
                #expect(contactText.contains { $0.contains(". dr-plan: ") })

                guard case .dryRun(let dryRun) = try RouteQuery.explain(.branch("hunan", channel: .sms, segment: nil), directory: directory)
                else {
                    Issue.record("a branch must answer with a dry run")
                    return
                }
                let dryRunText = RouteExplainText.render(dryRun)
                #expect(dryRunText.hasPrefix("branch hunan, sms (dry run, nothing changed) -> "))
                #expect(dryRunText.contains("on chat (the customer used sms), reason redirect"))
                #expect(dryRunText.contains("  1. sms-to-chat: "))

                #expect(throws: RouteQueryError.unknownBranch("atlantis")) {
                    try RouteQuery.explain(.branch("atlantis", channel: .voice, segment: nil), directory: directory)
                }
                #expect(throws: RouteQueryError.unknownContact(999_999)) {
                    try RouteQuery.explain(.contact(999_999), directory: directory)
                }

                // The figures are recomputed once a second: wait for the ones the writes above make.
                var report = bare
                try eventually("status shows chengdu's voice queue", timeoutMs: 10_000) {
                    report = try LocalClusterControl.status(directory: directory, timeoutMs: 2_000)
                    let voice = report.centers?.first { $0.id == "chengdu" }?.channels[.voice]
                    return voice?.queueLength == 2 && voice?.inService == 1
                }
                #expect(report.centers?.count == topology.centers.count)
                #expect(report.centersFromNode == leader)
                let lines = StatusTable.render(report).split(separator: "\n").map(String.init)
                let chengduVoice = try #require(lines.first { $0.hasPrefix("chengdu") && $0.contains(" voice ") })
                #expect(chengduVoice.split(separator: " ").prefix(4) == ["chengdu", "up", "voice", "2"])
                #expect(chengduVoice.contains("100.0%"), "service level: the one answered contact was answered in time")
                #expect(lines.contains { $0.hasPrefix("wuhan") && $0.contains("DARK") })
                // Every node's cluster.status carries the centers, not only the leader's.
                for id in cluster.nodeIDs {
                    try eventually("node \(id) reports the centers", timeoutMs: 5_000) {
                        try cluster.client(node: id).status().centers?.count == topology.centers.count
                    }
                }

                let metricsURL = "http://\(try cluster.record(node: leader).http)/metrics"
                try eventually("/metrics shows the contact center's gauges", timeoutMs: 10_000) {
                    let metrics = try HTTPGet.get(metricsURL).split(separator: "\n")
                    return Self.sample(metrics, "interflow_cc_queue_length", ["center=\"chengdu\"", "channel=\"voice\""]) == 2
                        && Self.sample(metrics, "interflow_cc_in_service", ["center=\"chengdu\"", "channel=\"voice\""]) == 1
                        && Self.sample(metrics, "interflow_cc_center_status", ["center=\"wuhan\"", "status=\"dark\""]) == 1
                        && Self.sample(metrics, "interflow_cc_center_status", ["center=\"wuhan\"", "status=\"up\""]) == 0
                }

                // Without a quorum nothing can be read linearizably: say so, do not hang.
                for id in cluster.nodeIDs where id != leader { try cluster.kill(node: id) }
                try eventually("route explain reports no quorum", timeoutMs: 20_000, intervalMs: 200) {
                    do {
                        _ = try RouteQuery.explain(.contact(hubei), directory: directory, timeoutMs: 1_000)
                        return false
                    } catch let error as RouteQueryError {
                        if case .noQuorum = error { return true }
                        throw error
                    }
                }
            }
        }

        static func enqueue(_ client: APIClient, _ channel: Channel, _ branch: String) throws -> UInt64? {
            try client.call(.contactEnqueue, ContactEnqueueArgs(channel: channel, branch: branch), as: ContactCenterAnswer.self).contact
        }

        /// The value of the one series of `name` whose labels include all of `labels`.
        static func sample(_ lines: [Substring], _ name: String, _ labels: [String]) -> Double? {
            lines.first { line in line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) } }
                .flatMap { $0.split(separator: " ").last }
                .flatMap { Double($0) }
        }
    }
}
