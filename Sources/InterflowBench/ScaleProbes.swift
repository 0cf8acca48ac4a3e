import CenterState
import ClientAPI
import ContactCenter
import InterflowTesting

/// The calls the scale benchmark times, each from one client to the leader, one at a time.
final class ScaleProbes {
    enum Read: CaseIterable {
        case clusterStatus, centerStatus, ticketsOfCenter, openTickets, openTicketsOfCenter

        var label: String {
            switch self {
            case .clusterStatus: "cluster.status"
            case .centerStatus: "center.status"
            case .ticketsOfCenter: "ticket.list center=C"
            case .openTickets: "ticket.list state=open"
            case .openTicketsOfCenter: "ticket.list center=C state=open"
            }
        }
    }

    /// A ticket page as a desk asks for one.
    static let pageLimit = 100

    private let reader: APIClient
    private let writer: APIClient
    private let tickets: Int
    private let centers: [String]
    private var random = SplitMix64(seed: 7)

    init(cluster: TestCluster, leader: UInt64, tickets: Int, centers: [String]) throws {
        reader = try cluster.client(node: leader, role: .client)
        writer = try cluster.client(node: leader, role: .client)
        self.tickets = tickets
        self.centers = centers
    }

    func close() {
        reader.close()
        writer.close()
    }

    /// Live contacts over every center and channel, from center.status.
    func liveContacts() throws -> Int {
        let records = try reader.call(.centerStatus, NoArguments(), as: [CenterStatusRecord].self)
        return records.flatMap(\.channels.values).reduce(0) { $0 + $1.queueLength + $1.inService }
    }

    func measure(_ read: Read, calls: Int) throws -> SeriesFigures {
        LatencySeries(label: read.label, calls: calls).run { _ in
            switch read {
            case .clusterStatus:
                _ = try reader.call(.clusterStatus, NoArguments(), as: ClusterStatus.self)
            case .centerStatus:
                _ = try reader.call(.centerStatus, NoArguments(), as: [CenterStatusRecord].self)
            case .ticketsOfCenter:
                _ = try reader.call(.ticketList, page(center: nextCenter()), as: TicketPage.self)
            case .openTickets:
                _ = try reader.call(.ticketList, page(state: .open), as: TicketPage.self)
            case .openTicketsOfCenter:
                _ = try reader.call(.ticketList, page(center: nextCenter(), state: .open), as: TicketPage.self)
            }
        }
    }

    /// New contacts from every branch in turn; each answer carries the routing decision, which is
    /// made when the entry is applied.
    func enqueue(calls: Int, branches: [String]) -> SeriesFigures {
        LatencySeries(label: "contact.enqueue", calls: calls).run { number in
            let args = ContactEnqueueArgs(channel: .voice, branch: branches[number % branches.count])
            let answer = try writer.call(.contactEnqueue, args, as: ContactCenterAnswer.self)
            guard answer.contact != nil else { throw APIError(.internalError, "an enqueue answered without a contact") }
        }
    }

    /// A page starting anywhere in the ticket ids, as paging deep into a list does, so that the
    /// figures are not those of the first page alone.
    private func page(center: String? = nil, state: TicketState? = nil) -> TicketListArgs {
        TicketListArgs(center: center, state: state, afterId: Int64(random.below(tickets)), limit: Self.pageLimit)
    }

    private func nextCenter() -> String {
        centers[random.below(centers.count)]
    }
}
