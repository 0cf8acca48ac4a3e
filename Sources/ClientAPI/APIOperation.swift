/// Every operation of the client API, by its wire name. docs/API.md documents each one.
public enum APIOperation: String, Sendable, CaseIterable, Codable {
    case clusterStatus = "cluster.status"
    case ticketCreate = "ticket.create"
    case ticketAppend = "ticket.append"
    case ticketUpdate = "ticket.update"
    case ticketGet = "ticket.get"
    case ticketList = "ticket.list"
    case memberAdd = "member.add"
    case memberPromote = "member.promote"
    case memberRemove = "member.remove"
    case leaderTransfer = "leader.transfer"
    case topologyLoad = "topology.load"
    case contactEnqueue = "contact.enqueue"
    case contactGet = "contact.get"
    case contactList = "contact.list"
    case contactAccept = "contact.accept"
    case contactComplete = "contact.complete"
    case contactRefuse = "contact.refuse"
    case agentLogin = "agent.login"
    case agentReady = "agent.ready"
    case agentOffline = "agent.offline"
    case agentList = "agent.list"
    case agentLend = "agent.lend"
    case agentReturn = "agent.return"
    case centerStatus = "center.status"
    case centerStats = "center.stats"
    case centerDrain = "center.drain"
    case centerUndrain = "center.undrain"
    case centerBlackout = "center.blackout"
    case centerRestore = "center.restore"
    case routeExplain = "route.explain"
    case routeBroken = "route.broken"
    case settingsGet = "settings.get"
    case settingsUpdate = "settings.update"
    case eventsList = "events.list"
    case faultInject = "fault.inject"
    case faultClear = "fault.clear"
    case faultList = "fault.list"
    case drillMark = "drill.mark"

    /// Writes go through the log, need a request id and are applied at most once per id.
    public var isWrite: Bool {
        switch self {
        case .ticketCreate, .ticketAppend, .ticketUpdate, .memberAdd, .memberPromote, .memberRemove, .topologyLoad, .contactEnqueue,
            .contactAccept, .contactComplete, .contactRefuse, .agentLogin, .agentReady, .agentOffline, .agentLend,
            .agentReturn, .centerDrain, .centerUndrain, .centerBlackout, .centerRestore, .routeBroken, .settingsUpdate, .drillMark:
            true
        case .clusterStatus, .ticketGet, .ticketList, .leaderTransfer, .contactGet, .contactList, .agentList, .centerStatus, .centerStats,
            .routeExplain, .settingsGet, .eventsList, .faultInject, .faultClear, .faultList:
            false
        }
    }

    /// Drill faults act on the node that receives them, even a node cut off by one.
    public var isDrillFault: Bool { self == .faultInject || self == .faultClear || self == .faultList }

    /// Changes to the cluster itself are for keys listed in `adminKeys` only.
    public var requiresAdmin: Bool {
        switch self {
        case .memberAdd, .memberPromote, .memberRemove, .leaderTransfer, .topologyLoad, .centerDrain, .centerUndrain,
            .centerBlackout, .centerRestore, .routeBroken, .settingsUpdate, .faultInject, .faultClear, .faultList, .drillMark:
            true
        default: false
        }
    }
}
