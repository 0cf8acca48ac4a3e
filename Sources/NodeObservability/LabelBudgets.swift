/// The run-time label state of ``NodeMetrics``, kept together so one lock guards it.
struct LabelBudgets: Sendable {
    var peers: LabelBudget
    var ops: LabelBudget
    var results: LabelBudget
    var reasons: LabelBudget
    /// Center ids come from the topology an admin loads, so they are bounded like the others.
    var centers: LabelBudget
    var channels: LabelBudget
    var statuses: LabelBudget
    var darkReasons: LabelBudget
    var dropTotals: CumulativeDeltas

    init(limit: Int) {
        peers = LabelBudget(limit: limit)
        ops = LabelBudget(limit: limit)
        results = LabelBudget(limit: limit)
        reasons = LabelBudget(limit: limit)
        centers = LabelBudget(limit: limit)
        channels = LabelBudget(limit: limit)
        statuses = LabelBudget(limit: limit)
        darkReasons = LabelBudget(limit: limit)
        // Room for the admitted reasons and as many folded ones, so "other" stays accurate in practice.
        dropTotals = CumulativeDeltas(capacity: 2 * limit)
    }

    /// `gauges` with every label value admitted; centers past the budget share "other".
    mutating func admit(_ gauges: ServiceGauges) -> ServiceGauges {
        var admitted = gauges
        admitted.statuses = gauges.statuses.map { statuses.admit($0) }
        admitted.darkReasons = gauges.darkReasons.map { darkReasons.admit($0) }
        admitted.channelNames = gauges.channelNames.map { channels.admit($0) }
        admitted.centers = gauges.centers.map { center in
            var center = center
            center.id = centers.admit(center.id)
            center.status = statuses.admit(center.status)
            center.darkReason = center.darkReason.map { darkReasons.admit($0) }
            center.darkChannels = center.darkChannels.map { channels.admit($0) }
            center.brokenRoutesTo = center.brokenRoutesTo.map { centers.admit($0) }
            center.channels = center.channels.map { channel in
                var channel = channel
                channel.name = channels.admit(channel.name)
                return channel
            }
            return center
        }
        return admitted
    }
}
