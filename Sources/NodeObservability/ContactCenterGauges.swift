import Prometheus
import Synchronization

/// The `interflow_cc_*` gauges. Each update replaces the whole set: series of a figure that became
/// undefined, of a route that healed or of a center no longer in the topology are removed rather
/// than left showing their last value.
final class ContactCenterGauges: Sendable {
    private struct Series: Hashable {
        var family: String
        var labels: [String]
    }

    private struct Sample {
        var family: MetricNameDescriptor
        var labels: [(String, String)]
        var value: Double
    }

    private let registry: PrometheusCollectorRegistry
    private let shown = Mutex<[Series: Gauge]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// `gauges` must already have its label values admitted by the label budgets.
    func show(_ gauges: ServiceGauges) {
        let samples = Self.samples(of: gauges)
        shown.withLock { shown in
            var next: [Series: Gauge] = [:]
            for sample in samples {
                let series = Series(family: sample.family.name, labels: sample.labels.flatMap { [$0.0, $0.1] })
                let gauge = shown[series] ?? registry.makeGauge(descriptor: sample.family, labels: sample.labels)
                gauge.set(to: sample.value)
                next[series] = gauge
            }
            for (series, gauge) in shown where next[series] == nil { registry.unregisterGauge(gauge) }
            shown = next
        }
    }

    private static func samples(of gauges: ServiceGauges) -> [Sample] {
        var samples: [Sample] = []
        for center in gauges.centers {
            for status in gauges.statuses {
                samples.append(
                    Sample(
                        family: MetricFamilies.ccCenterStatus, labels: [("center", center.id), ("status", status)],
                        value: status == center.status ? 1 : 0))
            }
            for reason in gauges.darkReasons {
                samples.append(
                    Sample(
                        family: MetricFamilies.ccCenterDarkReason, labels: [("center", center.id), ("reason", reason)],
                        value: reason == center.darkReason ? 1 : 0))
            }
            for channel in gauges.channelNames {
                samples.append(
                    Sample(
                        family: MetricFamilies.ccChannelDark, labels: [("center", center.id), ("channel", channel)],
                        value: center.darkChannels.contains(channel) ? 1 : 0))
            }
            samples.append(Sample(family: MetricFamilies.ccFailbackPercent, labels: [("center", center.id)], value: Double(center.failbackPercent)))
            samples.append(Sample(family: MetricFamilies.ccPresentAgents, labels: [("center", center.id)], value: Double(center.presentAgents)))
            for to in center.brokenRoutesTo {
                samples.append(Sample(family: MetricFamilies.ccBrokenRoute, labels: [("from", center.id), ("to", to)], value: 1))
            }
            for channel in center.channels {
                let labels = [("center", center.id), ("channel", channel.name)]
                let figures: [(MetricNameDescriptor, Double?)] = [
                    (MetricFamilies.ccQueueLength, Double(channel.queueLength)),
                    (MetricFamilies.ccOldestWait, channel.oldestWaitSeconds),
                    (MetricFamilies.ccInService, Double(channel.inService)),
                    (MetricFamilies.ccServiceLevel, channel.serviceLevelRatio),
                    (MetricFamilies.ccAverageSpeedOfAnswer, channel.averageSpeedOfAnswerSeconds),
                    (MetricFamilies.ccAbandonment, channel.abandonmentRatio),
                    (MetricFamilies.ccOccupancy, channel.occupancyRatio),
                    (MetricFamilies.ccTrafficShare, channel.trafficShareRatio),
                ]
                for case let (family, value?) in figures {
                    samples.append(Sample(family: family, labels: labels, value: value))
                }
            }
        }
        return samples
    }
}
