import CenterState
import ClientAPI
import ContactCenter

extension NodeLoop {
    /// The contact-center operations: writes become contact-center commands in the log, reads are
    /// answered from the replicated model once ReadIndex allows.
    func dispatchContactCenter(
        _ op: APIOperation, _ header: RequestHeader, _ caller: Caller, _ incoming: ClientEndpoint.Incoming
    ) throws -> Classified {
        let body = incoming
        func change(_ command: ContactCenter.Command) throws -> Classified {
            try write(.contactCenter(command), op, header, caller, incoming)
        }
        switch op {
        case .drillMark:
            return try write(.drillMarked(try arguments(DrillMarkArgs.self, body)), op, header, caller, incoming)
        case .topologyLoad:
            return try write(.topologyLoad(try arguments(Topology.self, body)), op, header, caller, incoming)
        case .contactEnqueue:
            let args = try arguments(ContactEnqueueArgs.self, body)
            return try change(
                .enqueue(channel: args.channel, branch: args.branch, segment: args.segment ?? .normal, skill: args.skill ?? "general"))
        case .contactAccept:
            let args = try arguments(ContactAcceptArgs.self, body)
            return try change(.accept(contact: args.contactId, agent: args.agent))
        case .contactComplete:
            return try change(.complete(contact: try arguments(ContactArgs.self, body).contactId))
        case .contactRefuse:
            let args = try arguments(ContactRefuseArgs.self, body)
            return try change(.intakeRefused(contact: args.contactId, center: args.center))
        case .agentLend:
            let args = try arguments(AgentLendArgs.self, body)
            guard args.center != nil || args.extraSkills?.isEmpty == false else {
                throw APIError(.badRequest, "args: give center, extraSkills, or both")
            }
            return try change(
                .agentLend(agent: args.agent, toCenter: args.center, extraSkills: args.extraSkills ?? [], by: Self.decider(args.by, caller)))
        case .agentReturn:
            let args = try arguments(AgentLendArgs.self, body)
            return try change(.agentReturn(agent: args.agent, by: Self.decider(args.by, caller)))
        case .routeBroken:
            let args = try arguments(RouteBrokenArgs.self, body)
            return try change(.routeBroken(from: args.from, to: args.to, broken: args.broken ?? true))
        case .agentLogin:
            let args = try arguments(AgentLoginArgs.self, body)
            return try change(.agentLogin(agent: args.agent, homeCenter: args.center, skills: args.skills, channels: args.channels))
        case .agentReady:
            return try change(.agentReady(agent: try arguments(AgentArgs.self, body).agent))
        case .agentOffline:
            return try change(.agentOffline(agent: try arguments(AgentArgs.self, body).agent))
        case .centerDrain:
            return try change(.centerDrain(center: try arguments(CenterArgs.self, body).center))
        case .centerUndrain:
            return try change(.centerUndrain(center: try arguments(CenterArgs.self, body).center))
        case .centerBlackout:
            return try change(.centerBlackout(center: try arguments(CenterArgs.self, body).center))
        case .centerRestore:
            return try change(.centerRestore(center: try arguments(CenterArgs.self, body).center))
        case .settingsUpdate:
            return try change(.updateSettings(try arguments(SettingsUpdateArgs.self, body).change))
        case .contactGet:
            try read(.contact(try arguments(ContactArgs.self, body).contactId), op, header, incoming)
        case .contactList:
            let args = try arguments(ContactListArgs.self, body, defaults: ContactListArgs())
            try require(args.limit, "args.limit", within: 1...ContactListArgs.maxLimit)
            try read(.contacts(args), op, header, incoming)
        case .agentList:
            let args = try arguments(AgentListArgs.self, body, defaults: AgentListArgs())
            try require(args.limit, "args.limit", within: 1...AgentListArgs.maxLimit)
            try read(.agents(args), op, header, incoming)
        case .centerStatus:
            try read(.centers, op, header, incoming)
        case .settingsGet:
            try read(.settings, op, header, incoming)
        case .centerStats:
            let args = try arguments(CenterStatsArgs.self, body, defaults: CenterStatsArgs())
            try require(args.intervals, "args.intervals", within: 1...CenterStatsArgs.maxIntervals)
            try require(args.fromMs, "args.fromMs", within: 0...Int64.max)
            try read(.stats(args), op, header, incoming)
        case .routeExplain:
            let args = try arguments(RouteExplainArgs.self, body)
            guard args.contactId != nil || (args.branch != nil && args.channel != nil) else {
                throw APIError(.badRequest, "args: give contactId, or branch and channel")
            }
            try read(.route(args), op, header, incoming)
        default:
            throw APIError(.unknownOperation, "\(op.rawValue) is not served here")
        }
        return .answered
    }

    /// Who lent or returned an agent, as the record keeps it: the name given, and the key that sent it.
    static func decider(_ name: String?, _ caller: Caller) -> String {
        guard let name, !name.isEmpty else { return caller.author }
        return "\(name.prefix(96)) (\(caller.author))"
    }

    /// A contact-center read against the model as applied on this node.
    func answerContactCenterRead(_ waiter: ReadWaiter) {
        guard let model = state.contactCenter else {
            reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.conflict, "no topology is loaded yet: send topology.load with the admin key"))
            return
        }
        switch waiter.query {
        case .contact(let id):
            guard let record = model.record(ofContact: id) else {
                reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.notFound, "no contact \(id)"))
                return
            }
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: record))
        case .contacts(let args):
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: model.page(args)))
        case .settings:
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: model.settingsRecord()))
        case .stats(let args):
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: model.statistics(args)))
        case .agents(let args):
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: model.page(args)))
        case .centers:
            reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: model.centerStatusRecords()))
        case .route(let args):
            if let id = args.contactId {
                guard let record = model.record(ofContact: id) else {
                    reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.notFound, "no contact \(id)"))
                    return
                }
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: record))
            } else if let branch = args.branch, let channel = args.channel {
                let explanation = model.explain(branch: branch, channel: channel, segment: args.segment ?? .normal)
                reply(waiter.incoming, waiter.op, waiter.requestId, Response(requestId: waiter.requestId, result: explanation))
            }
        case .ticket, .tickets, .events:
            reply(waiter.incoming, waiter.op, waiter.requestId, APIError(.internalError, "a read of the database reached the model's path"))
        }
    }
}
