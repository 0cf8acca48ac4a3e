import ContactCenter
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
}
