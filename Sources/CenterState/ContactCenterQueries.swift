import ClientAPI
import ContactCenter

/// Reads of the contact-center model for the node's API. The model is a Sendable value, so the
/// node can copy it from the applying side and answer these on any thread.
extension ContactCenterState {
    public func record(ofContact id: UInt64) -> ContactRecord? {
        contact(id).map(ContactRecord.init)
    }

    /// Live and retained contacts with an id above `afterId`, filtered, in id order.
    public func page(_ args: ContactListArgs) -> ContactPage {
        let limit = min(max(args.limit ?? ContactListArgs.defaultLimit, 1), ContactListArgs.maxLimit)
        let afterId = args.afterId ?? 0
        func wanted(_ contact: Contact) -> Bool {
            contact.id > afterId && (args.center.map { $0 == contact.center } ?? true)
                && (args.state.map { $0 == contact.state } ?? true)
        }
        let live = contacts.values.filter(wanted)
        let ended = finished.filter(wanted)
        let chosen = (live + ended).sorted { $0.id < $1.id }.prefix(limit).map(ContactRecord.init)
        return ContactPage(contacts: chosen, nextAfterId: chosen.count == limit ? chosen.last?.id : nil)
    }

    public func statistics(_ args: CenterStatsArgs) -> IntervalPage {
        let count = min(max(args.intervals ?? CenterStatsArgs.defaultIntervals, 1), CenterStatsArgs.maxIntervals)
        let wanted = intervals.filter { key, _ in
            key.startMs >= (args.fromMs ?? .min) && (args.center.map { $0 == key.center } ?? true)
                && (args.channel.map { $0 == key.channel } ?? true)
        }
        let starts = Set(wanted.keys.map(\.startMs)).sorted()
        let shown = Set(starts.prefix(count))
        let records = wanted.filter { shown.contains($0.key.startMs) }.map { IntervalRecord($0.key, $0.value) }
            .sorted { ($0.startMs, $0.center, $0.channel.rawValue) < ($1.startMs, $1.center, $1.channel.rawValue) }
        return IntervalPage(
            intervalMs: settings.statisticsIntervalMs, records: records, nextFromMs: starts.count > count ? starts[count] : nil)
    }

    public func page(_ args: AgentListArgs) -> AgentPage {
        let limit = min(max(args.limit ?? AgentListArgs.defaultLimit, 1), AgentListArgs.maxLimit)
        let chosen = agents.values.filter { agent in
            agent.id > (args.afterId ?? "") && (args.center.map { $0 == agent.servingCenter } ?? true)
                && (args.state.map { $0 == agent.state } ?? true)
        }.sorted { $0.id < $1.id }.prefix(limit).map(AgentRecord.init)
        return AgentPage(agents: chosen, nextAfterId: chosen.count == limit ? chosen.last?.id : nil)
    }

    /// Every center of the topology, in its order, with figures for every channel.
    public func centerStatusRecords() -> [CenterStatusRecord] {
        centerStatusRecords { center in
            Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0, ServiceFiguresRecord(serviceFigures(center: center, channel: $0))) })
        }
    }

    /// The centers' status as it is now, with the service figures of `earlier` (recomputing them
    /// costs a pass over the queues; a status change must show at once, figures may be a second old).
    public func centerStatusRecords(figuresOf earlier: [CenterStatusRecord]) -> [CenterStatusRecord] {
        let figures = Dictionary(earlier.map { ($0.id, $0.channels) }, uniquingKeysWith: { first, _ in first })
        return centerStatusRecords { figures[$0] ?? [:] }
    }

    private func centerStatusRecords(channels: (String) -> [Channel: ServiceFiguresRecord]) -> [CenterStatusRecord] {
        topology.centers.compactMap { spec in
            guard let runtime = centers[spec.id] else { return nil }
            let steps = policy.failbackStepsPercent
            return CenterStatusRecord(
                id: spec.id, name: spec.name, status: runtime.status, statusSinceMs: runtime.statusSinceMs, reason: runtime.reason,
                presentAgents: agents.present(at: spec.id), darkChannelsSinceMs: runtime.darkChannelsSinceMs,
                closedChannels: spec.closedChannels(clockMs).sorted { $0.rawValue < $1.rawValue }, afterHours: spec.afterHours,
                failbackPercent: Self.failbackPercent(runtime, steps: steps),
                holdDownMs: runtime.holdDownMs, flaps: runtime.flaps,
                brokenRoutesTo: brokenRoutes.keys.filter { $0.from == spec.id }.map(\.to).sorted(),
                brokenRouteReasons: Dictionary(
                    uniqueKeysWithValues: brokenRoutes.filter { $0.key.from == spec.id }.map { ($0.key.to, $0.value.why) }),
                channels: channels(spec.id))
        }
    }

    /// One figure that follows a center from dark (0) through its failback's steps to up (100).
    private static func failbackPercent(_ runtime: CenterRuntime, steps: [Int]) -> Int {
        switch runtime.status {
        case .up: 100
        case .recovering: runtime.failbackStep.flatMap { steps.indices.contains($0) ? steps[$0] : nil } ?? 0
        case .dark, .draining: 0
        }
    }

    /// `settings.get`: what the network runs with now.
    public func settingsRecord() -> SettingsRecord { SettingsRecord(settings, policy) }

    /// Where a contact from `branch` on `channel` would go if it arrived now, without changing
    /// anything; it is given the id the next contact would get, so shares pick as they would.
    public func explain(branch: String, channel: Channel, segment: Segment = .normal) -> RouteExplanation {
        let request = ContactRequest(id: nextContactID, channel: channel, branch: branch, segment: segment)
        let decision = Router.route(request, in: routingSituation())
        var explanation = RouteExplanation(
            branch: branch, requestedChannel: channel, center: nil, channel: nil, reason: nil, steps: decision.steps)
        if case .assigned(let center, let assigned, let reason) = decision.outcome {
            explanation.center = center
            explanation.channel = assigned
            explanation.reason = reason
        }
        return explanation
    }
}
