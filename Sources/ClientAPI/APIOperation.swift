/// Every operation of the client API, by its wire name. docs/API.md documents each one.
public enum APIOperation: String, Sendable, CaseIterable, Codable {
    case clusterStatus = "cluster.status"
    case ticketCreate = "ticket.create"
    case ticketAppend = "ticket.append"
    case ticketGet = "ticket.get"
    case ticketList = "ticket.list"
    case memberAdd = "member.add"
    case memberPromote = "member.promote"
    case memberRemove = "member.remove"
    case leaderTransfer = "leader.transfer"

    /// Writes go through the log, need a request id and are applied at most once per id.
    public var isWrite: Bool {
        switch self {
        case .ticketCreate, .ticketAppend, .memberAdd, .memberPromote, .memberRemove: true
        case .clusterStatus, .ticketGet, .ticketList, .leaderTransfer: false
        }
    }

    /// Changes to the cluster itself are for keys listed in `adminKeys` only.
    public var requiresAdmin: Bool {
        switch self {
        case .memberAdd, .memberPromote, .memberRemove, .leaderTransfer: true
        case .clusterStatus, .ticketCreate, .ticketAppend, .ticketGet, .ticketList: false
        }
    }
}
