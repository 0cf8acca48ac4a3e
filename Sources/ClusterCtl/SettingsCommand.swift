import ArgumentParser
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl --cluster DIR settings [set NAME=VALUE ...]`: the contact-center settings as the
/// network runs them, and a change to them while contacts are live (an SRE tunes a detection
/// window during an incident, not after it).
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show or change the contact-center settings (admin key).",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl settings
              clusterctl --cluster /tmp/ifl settings set staffAbsentDarkAfterMs=20000
            Exit status: 0 when done, 1 on errors.
            """,
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every setting with its value, default, range and meaning.", discussion: "Example: clusterctl --cluster /tmp/ifl settings show")

        @OptionGroup var clusterOption: ClusterOption

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: OutputFormat = .text

        func run() throws {
            let record = try SettingsCommand.current(try clusterOption.requireDirectory(for: "settings"))
            switch output {
            case .text: print(SettingsText.render(record))
            case .json: print(PrettyJSON.string(record))
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change settings at once, all or none: NAME=VALUE ..., e.g. staffAbsentDarkAfterMs=20000 failbackStepsPercent=10,50,100.")

        @OptionGroup var clusterOption: ClusterOption

        @Argument(help: "NAME=VALUE, one or more.")
        var assignments: [String]

        func run() throws {
            let directory = try clusterOption.requireDirectory(for: "settings set")
            let change: SettingsChange
            do {
                change = try SettingsText.change(assignments)
            } catch {
                throw ValidationError("\(error)")
            }
            let before = try SettingsCommand.current(directory)
            let answer = try AdminOutcome.report {
                try AdminCall.leader(directory: directory, .settingsUpdate, SettingsUpdateArgs(change), as: ContactCenterAnswer.self)
            }
            for line in SettingsText.differences(change, from: before) { print(line) }
            AdminOutcome.show(answer, directory: directory)
        }
    }

    static func current(_ directory: String) throws -> SettingsRecord {
        try AdminOutcome.report { try AdminCall.leader(directory: directory, .settingsGet, NoArguments(), as: SettingsRecord.self) }
    }
}
