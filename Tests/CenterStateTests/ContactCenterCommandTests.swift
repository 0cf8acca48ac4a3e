import CenterState
// Both modules name a type Command; the tests mean the log's.
import struct CenterState.Command
import ClientAPI
import ContactCenter
import Testing

@Suite("Contact-center commands")
struct ContactCenterCommandTests {
    static func load(id: String = "load", atMs: Int64 = 1_000) throws -> Command {
        StateHarness.command(.topologyLoad(try ContactCenterScenario.china2020()), id: id, atMs: atMs)
    }

    static func enqueue(_ id: String, branch: String = "hubei", atMs: Int64 = 2_000) -> Command {
        StateHarness.command(
            .contactCenter(.enqueue(channel: .voice, branch: branch, segment: .normal, skill: "general")), id: id, atMs: atMs)
    }

    @Test("a command before any topology is a conflict")
    func needsTopology() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([Self.enqueue("e1")])
        #expect(throws: APIError.self) { try harness.contactCenter(answers[0]).get() }
        #expect(try harness.contactCenter(answers[0]).error?.code == .conflict)
        #expect(harness.state.contactCenter == nil)
    }

    @Test("an enqueue answers with its contact and what happened; a retry gets the same answer and changes nothing")
    func enqueueAndRetry() throws {
        let harness = try StateHarness()
        try harness.apply([Self.load()])
        let first = try harness.apply([Self.enqueue("e1")])
        let answer = try harness.contactCenter(first[0]).get()
        #expect(answer.contact == 1)
        #expect(answer.events == ["contact 1 placed at wuhan on voice (home)"])
        let retry = try harness.apply([Self.enqueue("e1", atMs: 3_000)])
        #expect(retry[0].answer == first[0].answer)
        #expect(harness.state.contactCenter?.totals.enqueued == 1)
    }

    @Test("the model's refusal is an error of its kind with its reason, and is recorded like a success")
    func refusalIsAnAnswer() throws {
        let harness = try StateHarness()
        try harness.apply([Self.load()])
        let command = StateHarness.command(.contactCenter(.complete(contact: 99)), id: "c99")
        let answers = try harness.apply([command, command])
        #expect(try harness.contactCenter(answers[0]).error == APIError(.notFound, "no contact 99"))
        #expect(answers[1].answer == answers[0].answer)
    }

    @Test("a later topology changes the running network in place; a center still holding contacts cannot be dropped")
    func changeInPlace() throws {
        let harness = try StateHarness()
        var reweighted = try ContactCenterScenario.china2020()
        let wuhan = try #require(reweighted.centers.firstIndex { $0.id == "wuhan" })
        reweighted.centers[wuhan].disasterRecovery.weights = ["chengdu": 10, "zhengzhou": 90]
        var withoutWuhan = reweighted
        withoutWuhan.centers.remove(at: wuhan)
        withoutWuhan.centers[0].branches += ["hubei", "hunan"]
        withoutWuhan.centers = withoutWuhan.centers.map { center in
            var center = center
            center.disasterRecovery.order.removeAll { $0 == "wuhan" }
            center.disasterRecovery.weights["wuhan"] = nil
            return center
        }
        let answers = try harness.apply([
            Self.load(), Self.enqueue("e1"),
            StateHarness.command(.topologyLoad(reweighted), id: "reweigh", atMs: 3_000),
            StateHarness.command(.topologyLoad(withoutWuhan), id: "drop", atMs: 4_000),
        ])
        #expect(try harness.contactCenter(answers[0]).get().events == ["topology loaded: 8 centers"])
        #expect(try harness.contactCenter(answers[2]).get().events == ["topology changed: 8 centers"])
        #expect(harness.state.contactCenter?.topology.center("wuhan")?.disasterRecovery.weights["zhengzhou"] == 90)
        #expect(harness.state.contactCenter?.contacts.count == 1, "the live contact stays")
        let refusal = try harness.contactCenter(answers[3]).error
        #expect(refusal == APIError(.conflict, "center wuhan still holds 1 contacts and 0 agents: drain it and move its agents first"))
    }

    @Test("an invalid topology is a bad request")
    func invalidTopology() throws {
        let harness = try StateHarness()
        let answers = try harness.apply([StateHarness.command(.topologyLoad(Topology(centers: [])), id: "empty")])
        #expect(try harness.contactCenter(answers[0]).error?.code == .badRequest)
        #expect(harness.state.contactCenter == nil)
    }
}
