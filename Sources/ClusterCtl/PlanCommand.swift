import ArgumentParser
import ClientAPI
import ContactCenter
import Foundation
import LocalCluster

/// `clusterctl plan capacity`: how many agents each center needs on each channel, by Erlang C, and
/// which centers fall short when others go dark ("if Wuhan goes dark, how many agents does
/// Chengdu need?"). It reads a topology file and computes; it talks to no cluster.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Capacity what-ifs.", subcommands: [Capacity.self])

    struct Capacity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agents needed per center and channel by Erlang C, and who is short when centers go dark.",
            discussion: """
                Offered traffic (Erlangs) = arrivals per hour / 3600 x average handle time. Erlang C gives the
                fewest agents on the phones that answer the target share within the threshold; agents to
                schedule = needed / (1 - shrinkage), compared with the topology's agentCapacity. Erlang C
                assumes no caller hangs up, so it errs on the side of more agents.

                With --if-dark, each dark center's branches are shared by its disaster-recovery plan as
                routing shares them: by the plan's weights, or by each backup's staffed agents less those
                its own traffic needs; SMS becomes chat when the policy says so.

                Example (each branch offers 600 calls and 200 chats an hour; Wuhan goes dark):
                  clusterctl plan capacity --topology Deploy/topology/china-2020.json \\
                      --arrivals-per-hour voice=600,chat=200 --if-dark wuhan
                With --present --cluster DIR, STAFFED is the agents logged in now at each center (where they
                serve, lent ones included), per channel they take.
                Exit status: 0 when computed (the table says who is short), 1 on bad input.
                """)

        @Option(help: "The topology file (e.g. Deploy/topology/china-2020.json).")
        var topology: String

        @Option(help: "Contacts an hour that each branch offers, per channel: voice=600,chat=200.")
        var arrivalsPerHour: String

        @Option(help: "A center's own branches together offer this instead (repeatable): wuhan:voice=3000,chat=900.")
        var centerArrivalsPerHour: [String] = []

        @Option(help: "Average handle time in seconds per channel, over the topology's: voice=180.")
        var handleSeconds: String?

        @Option(help: "Service-level target, PERCENT/SECONDS answered within (default 80/ the topology's threshold).")
        var target: String?

        @Option(help: "Shrinkage in percent: paid time not on the phones.")
        var shrinkage: Double = 30

        @Option(help: "Centers assumed dark, comma-separated.")
        var ifDark: String?

        @Flag(help: "Compare with the agents logged in now (read from --cluster DIR) instead of the topology's agentCapacity.")
        var present = false

        @OptionGroup var clusterOption: ClusterOption

        @Option(name: .shortAndLong, help: "text or json.")
        var output: OutputFormat = .text

        func run() throws {
            let topology: Topology
            do {
                topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: self.topology)))
            } catch {
                printError("error: \(self.topology): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            let dark = Set((ifDark ?? "").split(separator: ",").map(String.init))
            if let unknown = dark.sorted().first(where: { topology.center($0) == nil }) {
                printError("error: --if-dark: \(self.topology) has no center \(unknown) (it has \(topology.centers.map(\.id).joined(separator: ", ")))")
                throw ExitCode.failure
            }
            let demand: CapacityDemand
            do {
                demand = try CapacityOptions.demand(
                    topology: topology, file: self.topology, arrivalsPerHour: arrivalsPerHour,
                    centerArrivalsPerHour: centerArrivalsPerHour, handleSeconds: handleSeconds, target: target,
                    shrinkagePercent: shrinkage)
            } catch let error as CapacityOptionError {
                printError("error: \(error.description)")
                throw ExitCode.failure
            }
            let staffing = try present ? Self.presentStaffing(try clusterOption.requireDirectory(for: "plan capacity --present")) : nil
            let report = CapacityPlan.report(topology: topology, demand: demand, dark: dark, staffing: staffing)
            switch output {
            case .json: print(PrettyJSON.string(report))
            case .text: print(CapacityText.render(report, demand: demand, colour: StatusCommand.colourWanted))
            }
        }
    
        /// Agents logged in at each center now, per channel, through the leader (bounded paging).
        static func presentStaffing(_ directory: String) throws -> [String: [Channel: Int]] {
            var staffing: [String: [Channel: Int]] = [:]
            var after: String?
            for _ in 0..<1_000 {
                let page = try AdminOutcome.report {
                    try AdminCall.leader(directory: directory, .agentList, AgentListArgs(afterId: after, limit: AgentListArgs.maxLimit), as: AgentPage.self)
                }
                for agent in page.agents where agent.state != .offline {
                    for channel in agent.channels { staffing[agent.servingCenter, default: [:]][channel, default: 0] += 1 }
                }
                guard let next = page.nextAfterId else { break }
                after = next
            }
            return staffing
        }
    }
}
