import ArgumentParser
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl --cluster DIR agent ...`: the agents, their presence changed by hand for drills on a
/// local cluster (the floor's own software does this in production; staff leaving a center is how
/// its absence is rehearsed), and agents lent to another center as in 2020.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "List agents, change their presence, lend them to another center and back.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl agent login wuhan-1 --center wuhan --channels voice,chat
              clusterctl --cluster /tmp/ifl agent offline wuhan-1
              clusterctl --cluster /tmp/ifl agent lend chengdu-7 --center wuhan --by "duty manager"
              clusterctl --cluster /tmp/ifl agent return chengdu-7
              clusterctl --cluster /tmp/ifl agent list --center wuhan -o json
            Exit status: 0 when done, \(StatusCommand.noLeaderExitCode) without a leader or quorum, 1 on any other error.
            """,
        subcommands: [List.self, Login.self, Ready.self, Offline.self, Lend.self, Return.self], aliases: ["agents"])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Agents by id: where they belong, where they serve, their state.", discussion: "Example: clusterctl --cluster /tmp/ifl agent list --center wuhan --state ready")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "Only agents serving this center now.") var center: String?
        @Option(help: "Only agents in this state (offline, ready, busy, wrap-up).") var state: Agent.State?
        @Option(help: "Paging: agents after this id.") var afterId: String?
        @Option(help: "At most this many (1-\(AgentListArgs.maxLimit), default \(AgentListArgs.defaultLimit)).") var limit: Int?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let page = try LeaderCall.run(
                clusterOption, "agent list", .agentList, AgentListArgs(center: center, state: state, afterId: afterId, limit: limit),
                as: AgentPage.self)
            print(output == .json ? PrettyJSON.string(page) : RecordText.agents(page))
        }
    }

    struct Login: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log an agent in at its home center, ready.", discussion: "Example: clusterctl --cluster /tmp/ifl agent login wuhan-1 --center wuhan --channels voice,chat")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The agent's id, e.g. wuhan-1.") var agent: String
        @Option(help: "The agent's home center, e.g. wuhan.") var center: String
        @Option(help: "The channels it serves, comma-separated.") var channels = Channel.allCases.map(\.rawValue).joined(separator: ",")
        @Option(help: "Its skills, comma-separated.") var skills = "general"
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            for name in channels.split(separator: ",") where Channel(rawValue: String(name)) == nil {
                throw ValidationError("--channels: \(name) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let args = AgentLoginArgs(
                agent: agent, center: center, skills: skills.split(separator: ",").map(String.init),
                channels: channels.split(separator: ",").compactMap { Channel(rawValue: String($0)) })
            try AgentCommand.write(clusterOption, "agent login", .agentLogin, args, output)
        }
    }

    struct Ready: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ready again after a break or a wrap-up.", discussion: "Example: clusterctl --cluster /tmp/ifl agent ready wuhan-1")
        @OptionGroup var one: OneAgent

        func run() throws { try one.send("agent ready", .agentReady) }
    }

    struct Offline: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log the agent off (refused while it serves a contact).", discussion: "Example: clusterctl --cluster /tmp/ifl agent offline wuhan-1")
        @OptionGroup var one: OneAgent

        func run() throws { try one.send("agent offline", .agentOffline) }
    }

    /// An operation on one agent that needs nothing else.
    struct OneAgent: ParsableArguments {
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The agent's id.") var agent: String
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func send(_ command: String, _ op: APIOperation) throws {
            try AgentCommand.write(clusterOption, command, op, AgentArgs(agent: agent), output)
        }
    }

    struct Lend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lend an agent to another center's queues, give it extra skills, or both (refused while it holds a contact).")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The agent's id.") var agent: String
        @Option(help: "The center whose queues it serves while lent.") var center: String?
        @Option(help: "Extra skills while lent, comma-separated.") var extraSkills: String?
        @Option(help: "Who decided it, for the agent's record.") var by: String?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            if center == nil && extraSkills == nil { throw ValidationError("agent lend needs --center, --extra-skills or both") }
        }

        func run() throws {
            let args = AgentLendArgs(agent: agent, center: center, extraSkills: extraSkills?.split(separator: ",").map(String.init), by: by)
            try AgentCommand.write(clusterOption, "agent lend", .agentLend, args, output)
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a lend: the agent serves its home center with its own skills.", discussion: "Example: clusterctl --cluster /tmp/ifl agent return chengdu-7")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The agent's id.") var agent: String
        @Option(help: "Who decided it, for the agent's record.") var by: String?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            try AgentCommand.write(clusterOption, "agent return", .agentReturn, AgentLendArgs(agent: agent, by: by), output)
        }
    }

    static func write<Args: Codable & Sendable>(
        _ clusterOption: ClusterOption, _ command: String, _ op: APIOperation, _ args: Args, _ output: OutputFormat
    ) throws {
        let answer = try LeaderCall.run(clusterOption, command, op, args, as: ContactCenterAnswer.self)
        LeaderCall.show(answer, output, directory: try clusterOption.requireDirectory(for: command))
    }
}

extension Agent.State: ExpressibleByArgument {}
