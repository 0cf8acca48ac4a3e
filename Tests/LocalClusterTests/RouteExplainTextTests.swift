import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import Testing

@Suite("clusterctl route explain")
struct RouteExplainTextTests {
    /// A contact as the node sends it, so the wire shape is what is rendered.
    static func contact(unroutable: Bool = false, explanation: String) throws -> ContactRecord {
        let json = """
            {"id": 17, "channel": "chat", "originalChannel": "sms", "branch": "hunan", "segment": "green-channel",
             "skill": "general", "enqueuedAtMs": 1580778123000, "state": "in-service", "center": "chengdu",
             "reason": "redirect", "agent": "cd-007", "unroutable": \(unroutable), "explanation": \(explanation)}
            """
        return try JSONDecoder().decode(ContactRecord.self, from: Data(json.utf8))
    }

    static let steps = """
        [{"rule": "sms-to-chat", "detail": "wuhan cannot serve SMS (dark): the customer is told to use chat"},
         {"rule": "home", "detail": "branch hunan belongs to wuhan, which is dark"},
         {"rule": "dr-plan", "detail": "wuhan's plan gives chengdu 60% by weight; bucket 12 picks chengdu"}]
        """

    @Test func aContactSaysWhereItWentThenEachRuleNumbered() throws {
        let lines = RouteExplainText.render(try Self.contact(explanation: Self.steps)).split(separator: "\n").map(String.init)
        #expect(lines[0] == "contact 17 -> chengdu on chat (the customer used sms), reason redirect")
        #expect(lines[1] == "  branch hunan, segment green-channel, skill general; in-service with agent cd-007, enqueued 2020-02-04T01:02:03Z")
        #expect(lines[2] == "rules that fired:")
        #expect(lines[3] == "  1. sms-to-chat: wuhan cannot serve SMS (dark): the customer is told to use chat")
        #expect(lines[5] == "  3. dr-plan: wuhan's plan gives chengdu 60% by weight; bucket 12 picks chengdu")
        #expect(lines.count == 6)
    }

    @Test func anUnroutableContactSaysSoFirst() throws {
        let text = RouteExplainText.render(try Self.contact(unroutable: true, explanation: "[]"))
        #expect(text.hasPrefix("contact 17: UNROUTABLE"))
        #expect(text.hasSuffix("rules that fired: none recorded"))
    }

    @Test func aDryRunSaysItChangedNothing() {
        let explanation = RouteExplanation(
            branch: "hubei", requestedChannel: .voice, center: "guangzhou", channel: .voice, reason: .failover,
            steps: [RoutingStep("home", "branch hubei belongs to wuhan, which is dark"), RoutingStep("dr-plan", "guangzhou next")])
        let lines = RouteExplainText.render(explanation).split(separator: "\n").map(String.init)
        #expect(lines == [
            "branch hubei, voice (dry run, nothing changed) -> guangzhou on voice, reason failover",
            "rules that fired:",
            "  1. home: branch hubei belongs to wuhan, which is dark",
            "  2. dr-plan: guangzhou next",
        ])
        let nowhere = RouteExplanation(branch: "hubei", requestedChannel: .sms, steps: [RoutingStep("unroutable", "every center of the plan is dark")])
        #expect(RouteExplainText.render(nowhere).hasPrefix("branch hubei, sms (dry run, nothing changed): UNROUTABLE"))
    }

    @Test func aNumberIsAContactAndAnythingElseABranch() {
        #expect(RouteQuery.Target("42") == .contact(42))
        #expect(RouteQuery.Target("hubei") == .branch("hubei", channel: .voice, segment: nil))
        #expect(RouteQuery.Target("hunan", channel: .sms, segment: .emergency) == .branch("hunan", channel: .sms, segment: .emergency))
        #expect(RouteQuery.Target("-3") == .branch("-3", channel: .voice, segment: nil))
    }

    @Test func errorsSayWhatToDoNext() {
        let noTopology = RouteQueryError(APIError(.conflict, "no topology is loaded yet"), target: .contact(1), directory: "/tmp/ifl")
        #expect(noTopology == .noTopology(directory: "/tmp/ifl"))
        #expect(noTopology.description.contains("topology.load"))
        #expect(RouteQueryError(APIError(.notFound, "no contact 9"), target: .contact(9), directory: "d") == .unknownContact(9))
        #expect(RouteQueryError(APIError(.noQuorum, "no node leads"), target: .contact(9), directory: "d") == .noQuorum("no node leads"))
        let other = APIError(.forbidden, "admin key needed")
        #expect(RouteQueryError(other, target: .contact(9), directory: "d") == .api(other))
    }
}
