import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Foundation

/// The 2020 network through a morning: agents log in, contacts arrive and are served, tickets are
/// opened, then Wuhan goes dark and work goes on elsewhere. Built against a live harness (accepts
/// and completes name the contacts that were really offered), and returned as the plain list of
/// commands so other harnesses can replay it.
enum ContactCenterScenario {
    static let topologyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/topology/china-2020.json").path

    static func china2020() throws -> Topology {
        try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topologyPath)))
    }

    static let agentChannels: [Channel] = [.voice, .chat, .sms, .callback]

    static func run(on harness: StateHarness) throws -> [Command] {
        var script = Script(harness: harness)
        try script.send([.topologyLoad(try china2020())])
        let centers = try china2020().centers.map(\.id)
        try script.send(centers.flatMap { center in
            (1...2).map { number in
                Command.Action.contactCenter(
                    .agentLogin(agent: "\(center)-\(number)", homeCenter: center, skills: ["general"], channels: agentChannels))
            }
        })
        try script.send(
            ["wuhan", "wuhan", "wuhan", "chengdu", "hefei"].enumerated().map { number, center in
                .ticketCreate(TicketCreateArgs(title: "case \(number)", center: center))
            })
        let arrivals: [(String, Channel)] = [
            ("hubei", .voice), ("hubei", .sms), ("hunan", .chat), ("hubei", .voice), ("hubei", .voice),
            ("sichuan", .voice), ("anhui", .chat), ("henan", .voice), ("hubei", .chat), ("hunan", .voice),
        ]
        try script.send(arrivals.map { .contactCenter(.enqueue(channel: $1, branch: $0, segment: .normal, skill: "general")) })
        try script.acceptOffers()
        try script.send(try script.inService().prefix(3).map { .contactCenter(.complete(contact: $0)) })
        try script.send(try script.inWrapUp().map { .contactCenter(.agentWrapUpDone(agent: $0)) })
        try script.acceptOffers()
        try script.send([.contactCenter(.centerBlackout(center: "wuhan"))])
        try script.send([
            .contactCenter(.enqueue(channel: .sms, branch: "hubei", segment: .greenChannel, skill: "general")),
            .contactCenter(.enqueue(channel: .voice, branch: "hunan", segment: .emergency, skill: "general")),
            .ticketCreate(TicketCreateArgs(title: "opened for dark wuhan", center: "wuhan")),
            .contactCenter(.tick),
        ])
        try script.acceptOffers()
        try script.send(try script.inService().prefix(4).map { .contactCenter(.complete(contact: $0)) })
        try script.retryLast()
        try script.send([.contactCenter(.tick), .contactCenter(.centerBlackout(center: "wuhan"))])
        return script.commands
    }

    struct Script {
        let harness: StateHarness
        var commands: [Command] = []
        var clockMs: Int64 = 1_000

        init(harness: StateHarness) { self.harness = harness }

        var model: ContactCenterState {
            get throws {
                guard let model = harness.state.contactCenter else { throw ScenarioError.noModel }
                return model
            }
        }

        mutating func send(_ actions: [Command.Action]) throws {
            let batch = actions.map { action in
                clockMs += 1_500
                return StateHarness.command(action, id: "s\(commands.count + 1)-\(clockMs)", atMs: clockMs)
            }
            commands += batch
            try harness.apply(batch)
        }

        /// A client that did not hear its answer sends the same request again.
        mutating func retryLast() throws {
            guard let last = commands.last else { return }
            commands.append(last)
            try harness.apply([last])
        }

        mutating func acceptOffers() throws {
            let offered = try model.contacts.values.filter { $0.state == .offered }.sorted { $0.id < $1.id }
            try send(offered.map { .contactCenter(.accept(contact: $0.id, agent: $0.agent ?? "")) })
        }

        func inService() throws -> [UInt64] {
            try model.contacts.values.filter { $0.state == .inService }.map(\.id).sorted()
        }

        func inWrapUp() throws -> [String] {
            try model.agents.values.filter { $0.state == .wrapUp }.map(\.id).sorted()
        }
    }

    enum ScenarioError: Error { case noModel }
}
