import ContactCenter
import Foundation
import LocalCluster
import Testing

@Suite("clusterctl plan capacity: its options and its table")
struct CapacityTextTests {
    static let topologyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/topology/china-2020.json").path

    static func china2020() throws -> Topology {
        try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topologyPath)))
    }

    @Test("the options become a demand over the topology's handle times and threshold; each override lands")
    func options() throws {
        let topology = try Self.china2020()
        let plain = try CapacityOptions.demand(
            topology: topology, file: "t.json", arrivalsPerHour: "voice=150,chat=40", centerArrivalsPerHour: [], handleSeconds: nil,
            target: nil, shrinkagePercent: 30)
        #expect(plain.arrivalsPerHourPerBranch == [.voice: 150, .chat: 40])
        #expect(plain.serviceLevelTarget == 0.8 && plain.thresholdSeconds == 20 && plain.shrinkage == 0.3)
        #expect(plain.averageHandleSeconds[.voice] == 120)
        let tuned = try CapacityOptions.demand(
            topology: topology, file: "t.json", arrivalsPerHour: "voice=150", centerArrivalsPerHour: ["wuhan:voice=900,chat=100"],
            handleSeconds: "voice=200", target: "90/15", shrinkagePercent: 0)
        #expect(tuned.centerArrivalsPerHour == ["wuhan": [.voice: 900, .chat: 100]])
        #expect(tuned.averageHandleSeconds[.voice] == 200 && tuned.averageHandleSeconds[.chat] == 300)
        #expect(tuned.serviceLevelTarget == 0.9 && tuned.thresholdSeconds == 15 && tuned.shrinkage == 0)
    }

    @Test("a bad figure is refused with the option's name and what is wrong", arguments: [
        ("voice=6x", nil, nil, 30.0, "--arrivals-per-hour: '6x' for voice is not a number of 0 or more"),
        ("phone=5", nil, nil, 30.0, "--arrivals-per-hour: 'phone=5' is not CHANNEL=NUMBER"),
        ("voice=5,voice=6", nil, nil, 30.0, "--arrivals-per-hour: voice is given twice"),
        ("voice=5", "atlantis:voice=5", nil, 30.0, "--center-arrivals-per-hour: t.json has no center atlantis"),
        ("voice=5", "wuhan", nil, 30.0, "--center-arrivals-per-hour: 'wuhan' is not CENTER:CHANNEL=NUMBER"),
        ("voice=5", nil, "80", 30.0, "--target: '80' is not PERCENT/SECONDS"),
        ("voice=5", nil, "100/20", 30.0, "--target: '100/20' is not PERCENT/SECONDS"),
        ("voice=5", nil, nil, 100.0, "shrinkage must be at least 0 % and below 100 %"),
    ] as [(String, String?, String?, Double, String)])
    func refusals(arrivals: String, center: String?, target: String?, shrinkage: Double, message: String) throws {
        let topology = try Self.china2020()
        #expect {
            _ = try CapacityOptions.demand(
                topology: topology, file: "t.json", arrivalsPerHour: arrivals, centerArrivalsPerHour: center.map { [$0] } ?? [],
                handleSeconds: nil, target: target, shrinkagePercent: shrinkage)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test("the table: the assumptions first, one row per center and channel with traffic, then who is short by how many")
    func table() throws {
        let topology = try Self.china2020()
        let quiet = CapacityDemand(policy: topology.policy, arrivalsPerHourPerBranch: [.voice: 150])
        let calm = CapacityText.render(CapacityPlan.report(topology: topology, demand: quiet, dark: ["wuhan"]), demand: quiet, colour: false)
        let lines = calm.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Erlang C (no caller abandons, so a cautious count): 80.0 % answered within 20 s, shrinkage 30.0 %")
        #expect(lines[1].hasPrefix("If dark: wuhan;"))
        #expect(lines.contains { $0.hasPrefix("CENTER ") && $0.contains("TO SCHEDULE") && $0.contains("SHORT") })
        let chengdu = try #require(lines.first { $0.hasPrefix("chengdu ") })
        #expect(chengdu.split(separator: " ", omittingEmptySubsequences: true).prefix(4) == ["chengdu", "voice", "2100", "150"])
        #expect(!lines.contains { $0.hasPrefix("wuhan ") })
        #expect(lines.last == "No center is short.")

        let busy = CapacityDemand(policy: topology.policy, arrivalsPerHourPerBranch: [.voice: 400])
        let report = CapacityPlan.report(topology: topology, demand: busy, dark: ["wuhan"])
        let text = CapacityText.render(report, demand: busy, colour: false)
        #expect(report.totalShort > 0)
        #expect(text.contains("Short by \(report.totalShort) agents: chengdu voice "))
        #expect(!text.contains("\u{1B}["), "no colour unless asked")
        #expect(CapacityText.render(report, demand: busy, colour: true).contains("\u{1B}[1;31mShort by"))
    }
}
