/// One queue's figures for status pages and metrics. Rates are nil until they have a denominator.
///
/// Definitions (CONTACT-CENTER.md lists the variants): service level is answered within T ÷
/// answered, so abandons do not count against it — they show in the abandonment rate instead,
/// which is abandoned ÷ offered, where offered counts every placement in this queue (a contact
/// re-homed by a failover counts at each queue it joined). Occupancy is the center's, over all its
/// channels: handle time ÷ (handle time + ready time), because an agent's idle time belongs to no
/// single channel.
public struct ServiceFigures: Sendable, Equatable {
    public var queueLength: Int
    public var oldestWaitMs: Int64
    public var inService: Int
    public var serviceLevel: Double?
    public var averageSpeedOfAnswerMs: Int64?
    public var abandonmentRate: Double?
    public var occupancy: Double?
    /// This center's part of everything offered on the channel network-wide.
    public var trafficShare: Double?
}

extension ContactCenterState {
    public func serviceFigures(center: String, channel: Channel) -> ServiceFigures {
        let key = ServiceKey(center: center, channel: channel)
        let counter = counters[key] ?? ServiceCounters()
        let time = agentTime[center] ?? AgentTimeCounters()
        let offeredOnChannel = counters.filter { $0.key.channel == channel }.values.reduce(Int64(0)) { $0 + $1.offered }
        func ratio(_ part: Int64, _ whole: Int64) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        return ServiceFigures(
            queueLength: contacts.waiting(key).count,
            oldestWaitMs: contacts.oldestEnqueuedAtMs(key).map { clockMs - $0 } ?? 0,
            inService: contacts.inService(key),
            serviceLevel: ratio(counter.answeredWithinThreshold, counter.answered),
            averageSpeedOfAnswerMs: counter.answered > 0 ? counter.totalWaitMs / counter.answered : nil,
            abandonmentRate: ratio(counter.abandoned, counter.offered),
            occupancy: ratio(time.handleMs, time.handleMs + time.availableMs),
            trafficShare: ratio(counter.offered, offeredOnChannel))
    }
}
