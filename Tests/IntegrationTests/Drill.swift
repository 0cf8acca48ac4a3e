import CenterState
import ClientAPI
import ContactCenter
import Foundation
import InterflowTesting
import Testing

/// The 2020 network on a local cluster of eight real processes, one per center, driven over the
/// API as an SRE's drill would be: the topology with failover timings short enough for a test,
/// agents at every center, customers on every branch, and the floor accepting its offers.
struct Drill {
    static let topologyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/topology/china-2020.json").path
    /// Writes retried on retryable errors with the same request id, as the API asks.
    static let maxAttempts = 40

    let cluster: TestCluster

    static func topology() throws -> Topology {
        var topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: topologyPath)))
        var settings = StateSettings()
        settings.holdDownMs = 3_000
        settings.maxHoldDownMs = 24_000
        settings.failbackStepIntervalMs = 1_500
        // Agents of most centers here never answer their offers, and each offer that rings out
        // logs its agent off: absence is watched only where a test shortens these with settings.update.
        settings.staffAbsentDarkAfterMs = 600_000
        settings.channelUnstaffedDarkAfterMs = 600_000
        topology.settings = settings
        return topology
    }

    /// The node that runs `center`.
    func node(_ center: String) throws -> UInt64 {
        try #require(cluster.state.nodes.first { $0.center == center }?.id)
    }

    /// Starts the drill: the topology loaded by the admin and two agents ready at every center.
    static func start(on cluster: TestCluster) throws -> Drill {
        let drill = Drill(cluster: cluster)
        let admin = try cluster.client(node: try cluster.waitForLeader())
        _ = try drill.write(admin, .topologyLoad, try topology(), as: ContactCenterAnswer.self)
        for center in try topology().centers.map(\.id) {
            for number in 1...2 {
                let login = AgentLoginArgs(agent: "\(center)-\(number)", center: center, skills: ["general"], channels: [.voice, .sms, .chat, .callback])
                _ = try drill.write(admin, .agentLogin, login, as: ContactCenterAnswer.self)
            }
        }
        return drill
    }

    func write<Args: Codable & Sendable, Answer: Codable & Sendable>(
        _ client: APIClient, _ op: APIOperation, _ args: Args, as: Answer.Type
    ) throws -> Answer {
        let id = client.nextRequestID()
        for attempt in 1...Self.maxAttempts {
            do {
                return try client.call(op, args, requestID: id, timeoutMs: 3_000, as: Answer.self)
            } catch let error as APIError where error.code.isRetryable && attempt < Self.maxAttempts {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        throw APIError(.timeout, "\(op.rawValue) did not complete in \(Self.maxAttempts) attempts")
    }

    func enqueue(_ client: APIClient, _ branch: String, _ channel: Channel = .voice) throws -> UInt64 {
        let answer = try write(client, .contactEnqueue, ContactEnqueueArgs(channel: channel, branch: branch), as: ContactCenterAnswer.self)
        return try #require(answer.contact)
    }

    func contact(_ client: APIClient, _ id: UInt64) throws -> ContactRecord {
        try client.call(.contactGet, ContactArgs(contactId: id), as: ContactRecord.self)
    }

    func centers(_ client: APIClient) throws -> [String: CenterStatusRecord] {
        let records = try client.call(.centerStatus, NoArguments(), timeoutMs: 3_000, as: [CenterStatusRecord].self)
        return Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
    }

    /// Every contact the state holds, live or retained, by id; at most 50 pages.
    func allContacts(_ client: APIClient) throws -> [ContactRecord] {
        var all: [ContactRecord] = []
        var after: UInt64?
        for _ in 0..<50 {
            let page = try client.call(.contactList, ContactListArgs(afterId: after, limit: ContactListArgs.maxLimit), as: ContactPage.self)
            all += page.contacts
            guard let next = page.nextAfterId else { return all }
            after = next
        }
        Issue.record("more than 50 pages of contacts")
        return all
    }

    /// The floor at `center` takes every contact offered there; returns the contacts now in service.
    func acceptOffers(_ client: APIClient, at center: String) throws -> [UInt64] {
        let offered = try client.call(.contactList, ContactListArgs(center: center, state: .offered), as: ContactPage.self).contacts
        for record in offered {
            _ = try write(client, .contactAccept, ContactAcceptArgs(contactId: record.id, agent: try #require(record.agent)), as: ContactCenterAnswer.self)
        }
        return offered.map(\.id)
    }

    /// Waits until `center` shows `status` on the node `client` talks to, and returns its record.
    func waitFor(_ center: String, _ status: CenterStatus, via client: APIClient, timeoutMs: Int = 20_000) throws -> CenterStatusRecord {
        var seen: CenterStatusRecord?
        try eventually("\(center) is \(status.rawValue)", timeoutMs: timeoutMs, intervalMs: 100) {
            seen = try centers(client)[center]
            return seen?.status == status
        }
        return try #require(seen)
    }

    /// Conservation over the API: every contact id below the highest appears exactly once, live
    /// or ended, and two nodes list the same contacts.
    func expectNothingLostOrDuplicated(_ one: APIClient, _ other: APIClient, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let listed = try allContacts(one)
        let ids = listed.map(\.id)
        #expect(Set(ids).count == ids.count, "a contact is listed twice", sourceLocation: sourceLocation)
        #expect(ids == Array(1...UInt64(ids.count)), "a contact is missing", sourceLocation: sourceLocation)
        #expect(try allContacts(other) == listed, "two nodes disagree", sourceLocation: sourceLocation)
        for record in listed where record.state == .redirected {
            let callback = try #require(listed.first { $0.id == record.callback }, sourceLocation: sourceLocation)
            #expect(callback.replaces == record.id && callback.channel == .callback, sourceLocation: sourceLocation)
        }
    }
}
