import ContactCenter
import Foundation

enum Fixtures {
    /// Deploy/topology/china-2020.json: the eight centers of 2020 and their plans.
    static let topologyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/topology/china-2020.json").path

    static func china2020() throws -> Topology {
        try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topologyPath)))
    }

    /// Every center up, staffed to capacity, nobody waiting.
    static func quiet(_ topology: Topology) -> [String: CenterLoad] {
        Dictionary(uniqueKeysWithValues: topology.centers.map { ($0.id, CenterLoad(staffedAgents: $0.agentCapacity)) })
    }

    /// How many of `count` contacts from `branch` on `channel` each center gets.
    static func shares(
        _ situation: RoutingSituation, branch: String, channel: Channel, count: Int
    ) -> (centers: [String: Int], decisions: [RoutingDecision]) {
        var centers: [String: Int] = [:]
        var decisions: [RoutingDecision] = []
        for id in 0..<UInt64(count) {
            let decision = Router.route(ContactRequest(id: id, channel: channel, branch: branch), in: situation)
            decisions.append(decision)
            if let center = decision.center { centers[center, default: 0] += 1 }
        }
        return (centers, decisions)
    }
}
