import ArgumentParser
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl --cluster DIR agent login|ready|offline AGENT`: an agent's presence changed by hand,
/// for drills on a local cluster (the floor's own software does this in production). Staff leaving
/// a center is how its absence is rehearsed.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Log an agent in, make it ready, or log it off (drills on a local cluster).",
        discussion: """
            login    log the agent in at --center, ready, on --channels with --skills
            ready    ready again after a break or a wrap-up
            offline  log the agent off (refused while it serves a contact)
            """)

    enum Change: String, ExpressibleByArgument, CaseIterable {
        case login, ready, offline
    }

    @OptionGroup var clusterOption: ClusterOption

    @Argument(help: "login, ready or offline.")
    var change: Change

    @Argument(help: "The agent's id, e.g. wuhan-1.")
    var agent: String

    @Option(help: "login: the agent's home center, e.g. wuhan.")
    var center: String?

    @Option(help: "login: the channels it serves, comma-separated.")
    var channels = Channel.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "login: its skills, comma-separated.")
    var skills = "general"

    func validate() throws {
        if change == .login, center == nil { throw ValidationError("agent login needs --center") }
        for name in channels.split(separator: ",") where Channel(rawValue: String(name)) == nil {
            throw ValidationError("--channels: \(name) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "agent \(change.rawValue) \(agent)")
        let answer = try AdminOutcome.report {
            switch change {
            case .login:
                let args = AgentLoginArgs(
                    agent: agent, center: center ?? "", skills: skills.split(separator: ",").map(String.init),
                    channels: channels.split(separator: ",").compactMap { Channel(rawValue: String($0)) })
                return try AdminCall.leader(directory: directory, .agentLogin, args, as: ContactCenterAnswer.self)
            case .ready: return try AdminCall.leader(directory: directory, .agentReady, AgentArgs(agent: agent), as: ContactCenterAnswer.self)
            case .offline: return try AdminCall.leader(directory: directory, .agentOffline, AgentArgs(agent: agent), as: ContactCenterAnswer.self)
            }
        }
        AdminOutcome.show(answer, directory: directory)
    }
}
