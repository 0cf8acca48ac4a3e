import ArgumentParser
import ClientAPI
import Foundation
import LocalCluster

/// `clusterctl --cluster DIR ticket list|get|create|append`: the work orders, from the leader
/// (reads are linearizable), with the admin key of the local cluster.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket", abstract: "List, read, open and add to tickets.",
        discussion: """
            Examples:
              clusterctl --cluster /tmp/ifl ticket create "Card retained at ATM" --center wuhan --text "Customer called"
              clusterctl --cluster /tmp/ifl ticket append 1 "Branch visit booked"
              clusterctl --cluster /tmp/ifl ticket list --center wuhan --state open
              clusterctl --cluster /tmp/ifl ticket get 1 -o json
            Exit status: 0 with an answer, \(StatusCommand.noLeaderExitCode) without a leader or quorum, 1 on any other error.
            """,
        subcommands: [List.self, Get.self, Create.self, Append.self], aliases: ["tickets"])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One page of tickets, by id.", discussion: "Example: clusterctl --cluster /tmp/ifl ticket list --center wuhan --state open")
        @OptionGroup var clusterOption: ClusterOption
        @Option(help: "Only this center's tickets.") var center: String?
        @Option(help: "Only tickets in this state.") var state: TicketState?
        @Option(help: "Paging: tickets after this id (the previous page's last line says it).") var afterId: Int64?
        @Option(help: "At most this many (1-\(TicketListArgs.maxLimit), default \(TicketListArgs.defaultLimit)).") var limit: Int?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let page = try LeaderCall.run(clusterOption, "ticket list", .ticketList,
                TicketListArgs(center: center, state: state, afterId: afterId, limit: limit), as: TicketPage.self)
            print(output == .json ? PrettyJSON.string(page) : TicketText.page(page))
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket with its whole history.", discussion: "Example: clusterctl --cluster /tmp/ifl ticket get 1 -o json")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The ticket's id.") var ticketId: Int64
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let ticket = try LeaderCall.run(clusterOption, "ticket get", .ticketGet, TicketGetArgs(ticketId: ticketId), as: Ticket.self)
            print(output == .json ? PrettyJSON.string(ticket) : TicketText.ticket(ticket))
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a ticket.", discussion: "Example: clusterctl --cluster /tmp/ifl ticket create \"Card retained\" --center wuhan --text \"Customer called\"")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "Its title (1-200 characters).") var title: String
        @Option(help: "The center that owns it (default: the leader's center).") var center: String?
        @Option(help: "The first history line.") var text: String?
        @Option(help: "One of \(TicketCategory.allCases.map(\.rawValue).joined(separator: ", ")).") var category: TicketCategory?
        @Option(help: "One of \(TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")).") var priority: TicketPriority?
        @Option(help: "The agent who takes it (the ticket starts assigned).") var assignee: String?
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let args = TicketCreateArgs(title: title, center: center, text: text, category: category, priority: priority, assignee: assignee)
            let result = try LeaderCall.run(clusterOption, "ticket create", .ticketCreate, args, as: TicketWriteResult.self)
            LeaderCall.show(result, output)
        }
    }

    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a line to a ticket's history.", discussion: "Example: clusterctl --cluster /tmp/ifl ticket append 1 \"Branch visit booked\"")
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The ticket's id.") var ticketId: Int64
        @Argument(help: "The line (1-4000 characters).") var text: String
        @Flag(help: "Close the ticket with this line.") var close = false
        @Option(name: .shortAndLong, help: "text or json.") var output: OutputFormat = .text

        func run() throws {
            let args = TicketAppendArgs(ticketId: ticketId, text: text, close: close ? true : nil)
            let result = try LeaderCall.run(clusterOption, "ticket append", .ticketAppend, args, as: TicketWriteResult.self)
            LeaderCall.show(result, output)
        }
    }
}

extension TicketState: ExpressibleByArgument {}
extension TicketCategory: ExpressibleByArgument {}
extension TicketPriority: ExpressibleByArgument {}
