import Testing

import NodeObservability

@Suite("The contact center's gauges")
struct ContactCenterMetricsTests {
    let metrics = NodeMetrics()
    var exposition: Exposition { Exposition(metrics.exposition()) }
    static let statuses = ["up", "draining", "dark", "recovering"]

    static let busyVoice = ServiceGauges.Channel(
        name: "voice", queueLength: 12, oldestWaitSeconds: 41.5, inService: 30, serviceLevelRatio: 0.875,
        averageSpeedOfAnswerSeconds: 12, abandonmentRatio: 0.02, occupancyRatio: 0.81, trafficShareRatio: 0.44)

    @Test func everyFigureIsAGaugePerCenterAndChannel() {
        metrics.updateContactCenter(
            ServiceGauges(statuses: Self.statuses, centers: [ServiceGauges.Center(id: "chengdu", status: "up", channels: [Self.busyVoice])]))
        let sample = exposition
        let voice = ["center": "chengdu", "channel": "voice"]
        #expect(sample.value("interflow_cc_queue_length", voice) == 12)
        #expect(sample.value("interflow_cc_oldest_wait_seconds", voice) == 41.5)
        #expect(sample.value("interflow_cc_in_service", voice) == 30)
        #expect(sample.value("interflow_cc_service_level_ratio", voice) == 0.875)
        #expect(sample.value("interflow_cc_average_speed_of_answer_seconds", voice) == 12)
        #expect(sample.value("interflow_cc_abandonment_ratio", voice) == 0.02)
        #expect(sample.value("interflow_cc_occupancy_ratio", voice) == 0.81)
        #expect(sample.value("interflow_cc_traffic_share_ratio", voice) == 0.44)
        for status in Self.statuses {
            #expect(sample.value("interflow_cc_center_status", ["center": "chengdu", "status": status]) == (status == "up" ? 1 : 0))
        }
    }

    @Test func undefinedFiguresHaveNoSeries() {
        let idle = ServiceGauges.Channel(name: "email")
        metrics.updateContactCenter(
            ServiceGauges(statuses: Self.statuses, centers: [ServiceGauges.Center(id: "wuhan", status: "dark", channels: [idle])]))
        let sample = exposition
        let email = ["center": "wuhan", "channel": "email"]
        #expect(sample.value("interflow_cc_queue_length", email) == 0)
        #expect(sample.value("interflow_cc_service_level_ratio", email) == nil)
        #expect(sample.value("interflow_cc_average_speed_of_answer_seconds", email) == nil)
        #expect(sample.value("interflow_cc_center_status", ["center": "wuhan", "status": "dark"]) == 1)
    }

    @Test func aHealedRouteAndAGoneFigureLeaveNoStaleSeries() {
        let broken = ServiceGauges.Center(id: "wuhan", status: "dark", brokenRoutesTo: ["chengdu"], channels: [Self.busyVoice])
        metrics.updateContactCenter(ServiceGauges(statuses: Self.statuses, centers: [broken]))
        #expect(exposition.value("interflow_cc_broken_route", ["from": "wuhan", "to": "chengdu"]) == 1)

        var healed = broken
        healed.status = "recovering"
        healed.brokenRoutesTo = []
        healed.channels = [ServiceGauges.Channel(name: "voice", queueLength: 3)]
        metrics.updateContactCenter(ServiceGauges(statuses: Self.statuses, centers: [healed]))
        let sample = exposition
        #expect(sample.value("interflow_cc_broken_route", ["from": "wuhan", "to": "chengdu"]) == nil)
        #expect(sample.value("interflow_cc_queue_length", ["center": "wuhan", "channel": "voice"]) == 3)
        #expect(sample.value("interflow_cc_service_level_ratio", ["center": "wuhan", "channel": "voice"]) == nil)
        #expect(sample.value("interflow_cc_center_status", ["center": "wuhan", "status": "recovering"]) == 1)
        #expect(sample.value("interflow_cc_center_status", ["center": "wuhan", "status": "dark"]) == 0)

        // A center no longer in the topology leaves nothing behind.
        metrics.updateContactCenter(ServiceGauges(statuses: Self.statuses, centers: []))
        #expect(exposition.values(of: "center", in: "interflow_cc_center_status").isEmpty)
        #expect(exposition.values(of: "center", in: "interflow_cc_queue_length").isEmpty)
    }

    static let reasons = ["node-silent", "staff-absent", "operator-blackout", "draining"]
    static let channels = ["voice", "chat", "sms", "email", "callback"]

    @Test func everyDarkHasItsReasonAndEveryCenterItsFailbackAndPresence() {
        let wuhan = ServiceGauges.Center(id: "wuhan", status: "dark", darkReason: "staff-absent", failbackPercent: 0)
        let changsha = ServiceGauges.Center(id: "changsha", status: "up", darkChannels: ["sms"], presentAgents: 7)
        let xian = ServiceGauges.Center(id: "xian", status: "recovering", failbackPercent: 25, presentAgents: 3)
        metrics.updateContactCenter(
            ServiceGauges(statuses: Self.statuses, darkReasons: Self.reasons, channelNames: Self.channels, centers: [wuhan, changsha, xian]))
        let sample = exposition
        for reason in Self.reasons {
            #expect(sample.value("interflow_cc_center_dark_reason", ["center": "wuhan", "reason": reason]) == (reason == "staff-absent" ? 1 : 0))
            #expect(sample.value("interflow_cc_center_dark_reason", ["center": "changsha", "reason": reason]) == 0)
        }
        for channel in Self.channels {
            #expect(sample.value("interflow_cc_channel_dark", ["center": "changsha", "channel": channel]) == (channel == "sms" ? 1 : 0))
            #expect(sample.value("interflow_cc_channel_dark", ["center": "wuhan", "channel": channel]) == 0)
        }
        #expect(sample.value("interflow_cc_failback_percent", ["center": "wuhan"]) == 0)
        #expect(sample.value("interflow_cc_failback_percent", ["center": "changsha"]) == 100)
        #expect(sample.value("interflow_cc_failback_percent", ["center": "xian"]) == 25)
        #expect(sample.value("interflow_cc_present_agents", ["center": "changsha"]) == 7)
        #expect(sample.value("interflow_cc_present_agents", ["center": "wuhan"]) == 0)
        let text = metrics.exposition()
        for family in ["interflow_cc_center_dark_reason", "interflow_cc_channel_dark", "interflow_cc_failback_percent", "interflow_cc_present_agents"] {
            #expect(text.contains("# TYPE \(family) gauge"), "\(family)")
            #expect(text.contains("# HELP \(family) "), "\(family)")
        }

        // Staff back: the reason's series stay, all 0, so an alert can test for 0 as well as for 1.
        metrics.updateContactCenter(
            ServiceGauges(
                statuses: Self.statuses, darkReasons: Self.reasons, channelNames: Self.channels,
                centers: [ServiceGauges.Center(id: "wuhan", status: "recovering", failbackPercent: 0, presentAgents: 2)]))
        #expect(exposition.value("interflow_cc_center_dark_reason", ["center": "wuhan", "reason": "staff-absent"]) == 0)
        #expect(exposition.values(of: "center", in: "interflow_cc_present_agents") == ["wuhan"])
    }

    @Test func centersBeyondTheLabelBudgetShareOther() {
        let limit = NodeMetrics.labelValueLimit
        let centers = (0..<(limit + 5)).map { ServiceGauges.Center(id: "center-\($0)", status: "up") }
        metrics.updateContactCenter(ServiceGauges(statuses: Self.statuses, centers: centers))
        let shown = exposition.values(of: "center", in: "interflow_cc_center_status")
        #expect(shown.count == limit + 1)
        #expect(shown.contains("other"))
    }
}
