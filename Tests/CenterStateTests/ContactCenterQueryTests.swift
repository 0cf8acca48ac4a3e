import CenterState
import ClientAPI
import ContactCenter
import Testing

@Suite("Contact-center reads")
struct ContactCenterQueryTests {
    static func scenarioModel() throws -> ContactCenterState {
        let harness = try StateHarness()
        _ = try ContactCenterScenario.run(on: harness)
        return try #require(harness.state.contactCenter)
    }

    @Test("a contact comes with the rules of its routing")
    func contactWithExplanation() throws {
        let model = try Self.scenarioModel()
        let first = try #require(model.record(ofContact: 1))
        #expect(first.branch == "hubei")
        #expect(first.explanation.first?.rule == "home")
        #expect(model.record(ofContact: 10_000) == nil)
    }

    @Test("pages filter by center and state, in id order, and say where the next starts")
    func pages() throws {
        let model = try Self.scenarioModel()
        let all = model.page(ContactListArgs(limit: ContactListArgs.maxLimit))
        #expect(all.contacts.map(\.id) == all.contacts.map(\.id).sorted())
        #expect(all.contacts.count == model.contacts.count + model.finished.count)
        #expect(all.nextAfterId == nil)
        let firstTwo = model.page(ContactListArgs(limit: 2))
        #expect(firstTwo.contacts.count == 2)
        let rest = model.page(ContactListArgs(afterId: firstTwo.nextAfterId, limit: ContactListArgs.maxLimit))
        #expect(firstTwo.contacts + rest.contacts == all.contacts)
        let redirected = model.page(ContactListArgs(state: .redirected))
        #expect(!redirected.contacts.isEmpty && redirected.contacts.allSatisfy { $0.state == .redirected && $0.callback != nil })
        #expect(model.page(ContactListArgs(center: "wuhan", state: .queued)).contacts.isEmpty, "nothing waits at dark wuhan")
        #expect(model.page(ContactListArgs(limit: 1_000_000)).contacts.count <= ContactListArgs.maxLimit)
    }

    @Test("statistics come by interval, then center and channel, a page of whole intervals at a time")
    func statistics() throws {
        let model = try Self.scenarioModel()
        let all = model.statistics(CenterStatsArgs(intervals: CenterStatsArgs.maxIntervals))
        #expect(all.intervalMs == 900_000 && all.nextFromMs == nil)
        #expect(all.records.reduce(0) { $0 + $1.ended } == Int64(model.finished.count), "nothing was dropped yet")
        #expect(all.records.allSatisfy { $0.startMs % all.intervalMs == 0 })
        let wuhan = model.statistics(CenterStatsArgs(center: "wuhan", channel: .voice, intervals: CenterStatsArgs.maxIntervals))
        #expect(wuhan.records.allSatisfy { $0.center == "wuhan" && $0.channel == .voice })
        let first = model.statistics(CenterStatsArgs(intervals: 1))
        #expect(Set(first.records.map(\.startMs)).count == 1)
        if let next = first.nextFromMs {
            #expect(next > first.records[0].startMs)
        }
    }

    @Test("center status lists every center with figures on every channel")
    func centerStatus() throws {
        let model = try Self.scenarioModel()
        let records = model.centerStatusRecords()
        #expect(records.map(\.id) == model.topology.centers.map(\.id))
        let wuhan = try #require(records.first { $0.id == "wuhan" })
        #expect(wuhan.status == .dark)
        #expect(wuhan.channels.count == Channel.allCases.count)
        #expect(wuhan.channels[.voice]?.queueLength == 0)
        let encoded = APIJSON.encode(records)
        #expect(try APIJSON.decode([CenterStatusRecord].self, from: encoded) == records)
    }

    @Test("a dry run routes a dark center's branch by its plan, and SMS becomes chat")
    func explain() throws {
        let model = try Self.scenarioModel()
        let voice = model.explain(branch: "hubei", channel: .voice)
        #expect(voice.reason == .failover)
        #expect(["chengdu", "zhengzhou", "hefei", "guangzhou", "nanning"].contains(voice.center ?? ""))
        #expect(voice.steps.contains { $0.rule == "dr-plan" })
        let sms = model.explain(branch: "hunan", channel: .sms)
        #expect(sms.channel == .chat && sms.reason == .redirect)
        let home = model.explain(branch: "sichuan", channel: .voice)
        #expect(home.center == "chengdu" && home.reason == .home)
        #expect(model.explain(branch: "atlantis", channel: .voice).center == nil)
        #expect(model == (try Self.scenarioModel()), "a dry run changes nothing")
    }
}
