import ContactCenter
import Foundation
import Testing

@Suite("Topology")
struct TopologyTests {
    @Test("the 2020 topology loads, is valid, and every one of 31 branches has one home")
    func china2020() throws {
        let topology = try Fixtures.china2020()
        #expect(topology.problems.isEmpty, "\(topology.problems)")
        #expect(topology.centers.count == 8)
        #expect(topology.center("chengdu")?.branches.count == 13)
        #expect(topology.homeCenter(of: "hubei")?.id == "wuhan" && topology.homeCenter(of: "hunan")?.id == "wuhan")
        #expect(Set(topology.centers.flatMap(\.branches)).count == 31)
        #expect(topology.centers.filter(\.preferredLeader).map(\.id) == ["chengdu"])
    }

    @Test("problems name the field: a branch served twice, an unknown backup, bad failback steps")
    func problems() throws {
        var topology = try Fixtures.china2020()
        topology.centers[1].branches.append("sichuan")
        topology.centers[2].disasterRecovery.order.append("atlantis")
        topology.policy.failbackStepsPercent = [50, 25]
        let fields = topology.problems.map(\.field)
        #expect(fields.contains("centers[wuhan].branches"))
        #expect(fields.contains("centers[guangzhou].disasterRecovery.order"))
        #expect(fields.contains("policy.failbackStepsPercent"))
    }

    @Test("a topology may shorten the failover timings for a drill; left-out settings keep their defaults, bad ones are named")
    func settings() throws {
        let json = #"{"centers": [{"id": "a", "branches": ["x"], "agentCapacity": {"voice": 1}}], "policy": {}, "settings": {"holdDownMs": 3000}}"#
        let topology = try JSONDecoder().decode(Topology.self, from: Data(json.utf8))
        let state = try ContactCenterState(topology: topology)
        #expect(state.settings.holdDownMs == 3_000 && state.centers["a"]?.holdDownMs == 3_000)
        #expect(state.settings.failbackStepIntervalMs == StateSettings().failbackStepIntervalMs)
        var wild = topology
        wild.settings?.holdDownMs = 1 << 60
        wild.settings?.failbackStepIntervalMs = 0
        #expect(wild.problems.map(\.field) == ["settings.holdDownMs", "settings.failbackStepIntervalMs", "settings.maxHoldDownMs"])
    }
}
