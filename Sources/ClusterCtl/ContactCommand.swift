import ArgumentParser
import ClientAPI
import ContactCenter
import LocalCluster

/// `clusterctl --cluster DIR contact list|get|refuse`: the waiting and recent contacts, and a
/// center's refusal of one it was sent (which marks the route it came by as broken).
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "List and read contacts; refuse one at a center.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl contact list --center chengdu --state queued
              clusterctl --cluster /tmp/ifl contact get 42 -o json
              clusterctl --cluster /tmp/ifl contact refuse 42 --center chengdu
            `clusterctl route explain 42` shows the rules behind contact 42's routing.
            Exit status: 0 with an answer, \(StatusCommand.noLeaderExitCode) without a leader or quorum, 1 on any other error.
            """,
        subcommands: [List.self, Get.self, Refuse.self], aliases: ["contacts"])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Live and recently ended contacts, by id.", discussion: "Example: clusterctl --cluster /tmp/ifl contact list --center chengdu --state queued")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "Only contacts at this center.") var center: String?
        @Option(help: "Only contacts in this state (queued, offered, in-service, done, abandoned, redirected).") var state: Contact.State?
        @Option(help: "Paging: contacts after this id.") var afterId: UInt64?
        @Option(help: "At most this many (1-\(ContactListArgs.maxLimit), default \(ContactListArgs.defaultLimit)).") var limit: Int?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let page = try LeaderCall.run(
                clusterOption, "contact list", .contactList, ContactListArgs(center: center, state: state, afterId: afterId, limit: limit),
                as: ContactPage.self)
            print(output == .json ? PrettyJSON.string(page) : RecordText.contacts(page))
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One contact, with the rules of its latest routing decision.", discussion: "Example: clusterctl --cluster /tmp/ifl contact get 42")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The contact's id.") var contactId: UInt64
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let contact = try LeaderCall.run(clusterOption, "contact get", .contactGet, ContactArgs(contactId: contactId), as: ContactRecord.self)
            print(output == .json ? PrettyJSON.string(contact) : RecordText.contact(contact))
        }
    }

    struct Refuse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A center refuses a contact it was sent: the route from the contact's home center breaks, and the plan's next center takes it.")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The contact's id.") var contactId: UInt64
        @Option(help: "The refusing center, where the contact waits or is offered.") var center: String
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            try AgentCommand.write(clusterOption, "contact refuse", .contactRefuse, ContactRefuseArgs(contactId: contactId, center: center), output)
        }
    }
}

extension Contact.State: ExpressibleByArgument {}
