import ContactCenter

extension StateEvent {
    /// One line an operator can read in an answer or a log.
    public var sentence: String {
        switch self {
        case .placed(let contact, let center, let channel, let reason):
            "contact \(contact) placed at \(center) on \(channel.rawValue) (\(reason.rawValue))"
        case .unroutable(let contact, let center): "contact \(contact) is unroutable, waiting at \(center)"
        case .offered(let contact, let agent): "contact \(contact) offered to \(agent)"
        case .offerExpired(let contact, let agent): "offer of contact \(contact) to \(agent) expired"
        case .answered(let contact, let agent): "contact \(contact) answered by \(agent)"
        case .completed(let contact): "contact \(contact) completed"
        case .abandoned(let contact): "contact \(contact) abandoned"
        case .redirected(let contact, let callback): "contact \(contact) cut off: callback \(callback) queued"
        case .centerStatus(let center, let from, let to, let reason):
            "center \(center) \(from.rawValue) → \(to.rawValue)\(reason.map { to == .recovering ? " (from \($0.rawValue))" : " (\($0.rawValue))" } ?? "")"
        case .channelDark(let center, let channel): "center \(center) is dark on \(channel.rawValue) (channel-unstaffed)"
        case .channelRecovered(let center, let channel): "center \(center) serves \(channel.rawValue) again"
        case .failbackStep(let center, let percent): "center \(center) takes back \(percent)% of its traffic"
        case .failbackRestarted(let center, let present):
            "center \(center) has \(present) agents present, too few to fail back: its hold-down starts over"
        case .routeBroken(let from, let to, let why): "route \(from) → \(to) broken: \(why)"
        case .routeMended(let from, let to, let why): "route \(from) → \(to) mended: \(why)"
        case .routeProbeFailed(let from, let to): "route \(from) → \(to): a probe went unanswered; it stays broken"
        case .settingsChanged(let names): "settings changed: \(names.joined(separator: ", "))"
        case .agentState(let agent, let state): "agent \(agent) is \(state.rawValue)"
        case .topologyChanged(let centers): "topology changed: \(centers) centers"
        case .agentLend(let agent, let action, let center, let by): "agent \(agent) \(action.rawValue) (\(center)) by \(by)"
        }
    }
}
