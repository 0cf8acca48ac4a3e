import Consensus

/// Peer round trips measured on the leader's heartbeats: the time from a heartbeat to the
/// response that carries the same read round. Heartbeats go out every few ticks whether or not
/// clients are busy, so the figure is always fresh; one entry per peer keeps it bounded.
struct RoundTrips {
    private var sent: [NodeID: (round: UInt64, at: ContinuousClock.Instant)] = [:]

    mutating func sending(_ messages: [Message]) {
        let now = ContinuousClock.now
        for message in messages {
            if case .heartbeat(_, let round) = message.body { sent[message.to] = (round, now) }
        }
    }

    /// The round trip this message completes, if it is the response to the last heartbeat.
    mutating func received(_ message: Message) -> Duration? {
        guard case .heartbeatResponse(let round) = message.body, let heartbeat = sent[message.from],
            heartbeat.round == round
        else { return nil }
        sent[message.from] = nil
        return heartbeat.at.duration(to: .now)
    }
}
