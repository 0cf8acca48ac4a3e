import ClientAPI
import ContactCenter
import NodeObservability

extension ServiceGauges {
    /// The records' figures in the metrics' units: milliseconds become seconds.
    init(_ records: [CenterStatusRecord]) {
        self.init(
            statuses: CenterStatus.allCases.map(\.rawValue), darkReasons: DarkReason.allCases.map(\.rawValue),
            channelNames: ContactCenter.Channel.allCases.map(\.rawValue),
            centers: records.map { record in
                Center(
                    id: record.id, status: record.status.rawValue,
                    darkReason: record.status == .dark || record.status == .draining ? record.reason?.rawValue : nil,
                    darkChannels: record.darkChannels.map(\.rawValue), failbackPercent: record.failbackPercent,
                    presentAgents: record.presentAgents, brokenRoutesTo: record.brokenRoutesTo,
                    channels: ContactCenter.Channel.allCases.compactMap { channel in
                        record.channels[channel].map { ServiceGauges.Channel(channel, $0) }
                    })
            })
    }
}

extension ServiceGauges.Channel {
    init(_ channel: ContactCenter.Channel, _ figures: ServiceFiguresRecord) {
        self.init(
            name: channel.rawValue, queueLength: figures.queueLength, oldestWaitSeconds: Self.seconds(figures.oldestWaitMs),
            inService: figures.inService, serviceLevelRatio: figures.serviceLevel,
            averageSpeedOfAnswerSeconds: figures.averageSpeedOfAnswerMs.map(Self.seconds),
            abandonmentRatio: figures.abandonmentRate, occupancyRatio: figures.occupancy,
            trafficShareRatio: figures.trafficShare)
    }

    private static func seconds(_ milliseconds: Int64) -> Double { Double(milliseconds) / 1000 }
}
