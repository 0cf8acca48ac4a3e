import ArgumentParser
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl --cluster DIR route explain CONTACT|BRANCH`: why a contact went where it went, or
/// where a new one from a branch would go now.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Explain contact routing; mark a backup route broken or mended.",
        subcommands: [Explain.self, Break.self, Mend.self])

    struct Break: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the overflow route FROM -> TO broken (admin key): FROM's plan skips TO until mended; a route marked by hand is never probed.",
            discussion: "Example: clusterctl --cluster /tmp/ifl route break wuhan chengdu")
        @OptionGroup var route: RouteEnds

        func run() throws { try route.mark(broken: true) }
    }

    struct Mend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the overflow route FROM -> TO mended (admin key).",
            discussion: "Example: clusterctl --cluster /tmp/ifl route mend wuhan chengdu")
        @OptionGroup var route: RouteEnds

        func run() throws { try route.mark(broken: false) }
    }

    /// The overflow route a break or a mend is about.
    struct RouteEnds: ParsableArguments {
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The center whose traffic the route carries.") var from: String
        @Argument(help: "The backup center it leads to.") var to: String
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func mark(broken: Bool) throws {
            let args = RouteBrokenArgs(from: from, to: to, broken: broken)
            try AgentCommand.write(clusterOption, broken ? "route break" : "route mend", .routeBroken, args, output)
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where a contact went (a number) or where a new contact from a branch would go (a name), and the rules that fired.",
            discussion: """
                A branch is a dry run that changes nothing. Exit code 0 with an answer, \
                \(StatusCommand.noLeaderExitCode) without a leader or quorum, 1 on errors \
                (no topology loaded, unknown contact or branch).
                """)

        @OptionGroup var clusterOption: ClusterOption

        @Argument(help: "A contact id, or a branch such as hubei.")
        var target: String

        @Option(help: "For a branch: the channel of the new contact.")
        var channel: Channel = .voice

        @Option(help: "For a branch: the customer's segment (emergency and green-channel go first).")
        var segment: Segment?

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: OutputFormat = .text

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "route explain")
            let answer: RouteQuery.Answer
            do {
                answer = try RouteQuery.explain(RouteQuery.Target(target, channel: channel, segment: segment), directory: directory)
            } catch let error as RouteQueryError {
                printError("error: \(error)")
                if case .noQuorum = error { throw ExitCode(StatusCommand.noLeaderExitCode) }
                throw ExitCode.failure
            } catch let error as LocalClusterError {
                throw error.exit()
            }
            switch (answer, output) {
            case (.contact(let record), .text): print(RouteExplainText.render(record))
            case (.contact(let record), .json): print(PrettyJSON.string(record))
            case (.dryRun(let explanation), .text): print(RouteExplainText.render(explanation))
            case (.dryRun(let explanation), .json): print(PrettyJSON.string(explanation))
            }
        }
    }
}

extension Channel: ExpressibleByArgument {}
extension Segment: ExpressibleByArgument {}
