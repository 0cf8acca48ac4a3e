import ClientAPI
import ContactCenter
import Foundation

/// `route explain` for a person under pressure: where the contact goes (center, channel, reason)
/// on the first line, then each rule that fired, numbered, with the figures it used.
public enum RouteExplainText {
    public static func render(_ contact: ContactRecord) -> String {
        let headline =
            contact.unroutable
            ? "contact \(contact.id): UNROUTABLE, no center can take it; it waits at \(contact.center) and is routed again every second"
            : "contact \(contact.id) -> \(contact.center) on \(channels(contact.channel, requested: contact.originalChannel)), "
                + "reason \(contact.reason.rawValue)"
        var details = "  branch \(contact.branch), segment \(contact.segment.rawValue), skill \(contact.skill); "
        details += "\(contact.state.rawValue)" + (contact.agent.map { " with agent \($0)" } ?? "")
        details += ", enqueued \(timestamp(contact.enqueuedAtMs))"
        return ([headline, details] + rules(contact.explanation)).joined(separator: "\n")
    }

    public static func render(_ dryRun: RouteExplanation) -> String {
        let asked = "branch \(dryRun.branch), \(dryRun.requestedChannel.rawValue) (dry run, nothing changed)"
        let headline =
            if let center = dryRun.center, let channel = dryRun.channel, let reason = dryRun.reason {
                "\(asked) -> \(center) on \(channels(channel, requested: dryRun.requestedChannel)), reason \(reason.rawValue)"
            } else {
                "\(asked): UNROUTABLE, no center can take it now"
            }
        return ([headline] + rules(dryRun.steps)).joined(separator: "\n")
    }

    static func channels(_ served: Channel, requested: Channel) -> String {
        served == requested ? served.rawValue : "\(served.rawValue) (the customer used \(requested.rawValue))"
    }

    static func rules(_ steps: [RoutingStep]) -> [String] {
        guard !steps.isEmpty else { return ["rules that fired: none recorded"] }
        return ["rules that fired:"] + steps.enumerated().map { index, step in "  \(index + 1). \(step.rule): \(step.detail)" }
    }

    static func timestamp(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
    }
}
