/// The contact center's service figures as the gauges show them: every center and channel, in the
/// metrics' units (seconds, ratios from 0 to 1). A figure that is not defined yet (no contact
/// answered, nothing offered) is nil and has no series.
public struct ServiceGauges: Sendable, Equatable {
    /// Every status a center can have: each center gets one `interflow_cc_center_status` series per
    /// status, 1 for its current one, so an alert can test for 0 as well as for 1.
    public var statuses: [String]
    /// Likewise every reason a center can be dark or draining, and every channel.
    public var darkReasons: [String]
    public var channelNames: [String]
    public var centers: [Center]

    public init(statuses: [String], darkReasons: [String] = [], channelNames: [String] = [], centers: [Center]) {
        self.statuses = statuses
        self.darkReasons = darkReasons
        self.channelNames = channelNames
        self.centers = centers
    }

    public struct Center: Sendable, Equatable {
        public var id: String
        public var status: String
        /// Why it is dark or draining; nil while up or recovering.
        public var darkReason: String?
        /// Channels dark on their own (channel-unstaffed).
        public var darkChannels: [String]
        public var failbackPercent: Int
        public var presentAgents: Int
        /// Centers that refused or did not answer this center's overflow.
        public var brokenRoutesTo: [String]
        public var channels: [Channel]

        public init(
            id: String, status: String, darkReason: String? = nil, darkChannels: [String] = [], failbackPercent: Int = 100,
            presentAgents: Int = 0, brokenRoutesTo: [String] = [], channels: [Channel] = []
        ) {
            self.id = id
            self.status = status
            self.darkReason = darkReason
            self.darkChannels = darkChannels
            self.failbackPercent = failbackPercent
            self.presentAgents = presentAgents
            self.brokenRoutesTo = brokenRoutesTo
            self.channels = channels
        }
    }

    public struct Channel: Sendable, Equatable {
        public var name: String
        public var queueLength: Int
        public var oldestWaitSeconds: Double
        public var inService: Int
        public var serviceLevelRatio: Double?
        public var averageSpeedOfAnswerSeconds: Double?
        public var abandonmentRatio: Double?
        public var occupancyRatio: Double?
        public var trafficShareRatio: Double?

        public init(
            name: String, queueLength: Int = 0, oldestWaitSeconds: Double = 0, inService: Int = 0, serviceLevelRatio: Double? = nil,
            averageSpeedOfAnswerSeconds: Double? = nil, abandonmentRatio: Double? = nil, occupancyRatio: Double? = nil,
            trafficShareRatio: Double? = nil
        ) {
            self.name = name
            self.queueLength = queueLength
            self.oldestWaitSeconds = oldestWaitSeconds
            self.inService = inService
            self.serviceLevelRatio = serviceLevelRatio
            self.averageSpeedOfAnswerSeconds = averageSpeedOfAnswerSeconds
            self.abandonmentRatio = abandonmentRatio
            self.occupancyRatio = occupancyRatio
            self.trafficShareRatio = trafficShareRatio
        }
    }
}
