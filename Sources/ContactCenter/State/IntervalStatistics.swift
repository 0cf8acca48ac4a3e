/// One queue in one statistics interval.
public struct IntervalKey: Sendable, Hashable, Codable {
    /// The interval's start, a multiple of `StateSettings.statisticsIntervalMs`.
    public var startMs: Int64
    public var center: String
    public var channel: Channel

    public init(startMs: Int64, center: String, channel: Channel) {
        self.startMs = startMs
        self.center = center
        self.channel = channel
    }
}

extension ContactCenterState {
    /// Counts an ended contact in the interval it arrived in, at the queue it ended at: the figures
    /// a report needs once its record is gone. `offered` here counts ended contacts.
    mutating func fold(_ contact: Contact) {
        let intervalMs = settings.statisticsIntervalMs
        let windowMs = Int64(settings.maxStatisticsIntervals - 1) * intervalMs
        // A contact that arrived before the kept window counts in its oldest interval, so that the
        // number of intervals held never passes the bound.
        let startMs = max(contact.enqueuedAtMs - contact.enqueuedAtMs % intervalMs, newestIntervalStartMs - windowMs)
        var counter = intervals[IntervalKey(startMs: startMs, center: contact.center, channel: contact.channel)] ?? ServiceCounters()
        counter.offered += 1
        if let answeredAtMs = contact.answeredAtMs {
            let waitedMs = answeredAtMs - contact.enqueuedAtMs
            counter.answered += 1
            if waitedMs <= Int64(policy.serviceLevelThresholdMs) { counter.answeredWithinThreshold += 1 }
            ServiceCounters.add(waitedMs, to: &counter.totalWaitMs)
            ServiceCounters.add((contact.endedAtMs ?? answeredAtMs) - answeredAtMs, to: &counter.handleMs)
        }
        if contact.state == .abandoned { counter.abandoned += 1 }
        intervals[IntervalKey(startMs: startMs, center: contact.center, channel: contact.channel)] = counter
        guard startMs > newestIntervalStartMs else { return }
        newestIntervalStartMs = startMs
        intervals = intervals.filter { $0.key.startMs >= startMs - windowMs }
    }
}
