/// Offers of one center's contacts that expired at another: at which agents, and since when. A
/// route breaks on them only when they came from several agents over a span of time, since one
/// stalled client (one agent's desktop, or the integration that offers) expires many at once.
struct UnansweredOffers: Sendable, Equatable, Codable {
    var firstAtMs: Int64
    /// The distinct agents, in the order they let an offer expire; no longer than the threshold.
    var agents: [String] = []

    /// Notes one more expiry; true when the evidence is enough to break the route.
    mutating func note(agent: String, atMs: Int64, settings: StateSettings) -> Bool {
        if !agents.contains(agent) { agents.append(agent) }
        if agents.count > settings.brokenRouteAfterExpiredOffers { agents.removeFirst(agents.count - settings.brokenRouteAfterExpiredOffers) }
        return agents.count >= settings.brokenRouteAfterExpiredOffers && atMs - firstAtMs >= settings.brokenRouteMinSpanMs
    }
}
