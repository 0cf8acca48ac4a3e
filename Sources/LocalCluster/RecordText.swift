import ClientAPI
import ContactCenter

/// Agents and contacts as `clusterctl agent list` and `clusterctl contact list|get` print them.
public enum RecordText {
    public static func agents(_ page: AgentPage) -> String {
        guard !page.agents.isEmpty else { return "No agents." }
        let rows = page.agents.map { agent -> [TextTable.Cell] in
            let lent = agent.lend.map { lend in
                "lent to \(lend.toCenter) by \(lend.by)" + (lend.extraSkills.isEmpty ? "" : " (+\(lend.extraSkills.sorted().joined(separator: ",")))")
            }
            return [
                TextTable.Cell(agent.id), TextTable.Cell(agent.homeCenter), TextTable.Cell(agent.servingCenter),
                TextTable.Cell(agent.state.rawValue), TextTable.Cell(agent.contact.map(String.init) ?? "-"),
                TextTable.Cell(agent.channels.map(\.rawValue).joined(separator: ",")), TextTable.Cell(agent.skills.joined(separator: ",")),
                TextTable.Cell(lent ?? "-"),
            ]
        }
        let headers: [TextTable.Cell] = ["AGENT", "HOME", "SERVING", "STATE", "CONTACT", "CHANNELS", "SKILLS", "LEND"]
        return (TextTable.lines([headers] + rows, colour: false) + more(page.nextAfterId)).joined(separator: "\n")
    }

    public static func contacts(_ page: ContactPage) -> String {
        guard !page.contacts.isEmpty else { return "No contacts." }
        let rows = page.contacts.map { contact -> [TextTable.Cell] in
            [
                TextTable.Cell("\(contact.id)"), TextTable.Cell(contact.state.rawValue), TextTable.Cell(contact.branch),
                TextTable.Cell(RouteExplainText.channels(contact.channel, requested: contact.originalChannel)),
                TextTable.Cell(contact.segment.rawValue), TextTable.Cell(contact.center, alarm: contact.unroutable),
                TextTable.Cell(contact.reason.rawValue), TextTable.Cell(contact.agent ?? "-"),
                TextTable.Cell(RouteExplainText.timestamp(contact.enqueuedAtMs)),
            ]
        }
        let headers: [TextTable.Cell] = ["CONTACT", "STATE", "BRANCH", "CHANNEL", "SEGMENT", "CENTER", "REASON", "AGENT", "ENQUEUED"]
        return (TextTable.lines([headers] + rows, colour: false) + more(page.nextAfterId)).joined(separator: "\n")
    }

    public static func contact(_ contact: ContactRecord) -> String {
        RouteExplainText.render(contact)
    }

    static func more<ID>(_ next: ID?) -> [String] {
        next.map { ["more: --after-id \($0)"] } ?? []
    }
}
