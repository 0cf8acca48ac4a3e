import ClientAPI
import ContactCenter
import Foundation
import LocalCluster
import ZeroMQ

/// Customers and agents on a local cluster's floor, as `clusterctl load` drives them: contacts
/// enqueued at Poisson arrivals, offers accepted by the simulated agents, completed after a handle
/// time, and agents ready again after wrap-up. Every acknowledged operation can be recorded (one
/// JSON object a line) for an audit. One thread, writes one at a time to the leader.
public final class FloorSimulation {
    public struct Tally: Sendable, Equatable, Codable {
        public var enqueued = 0
        public var accepted = 0
        public var completed = 0
        public var readied = 0
        /// Writes that failed (timeout, no quorum, refused): counted, not retried.
        public var failures = 0
        public var seconds = 0.0
        public var targetPerSecond = 0.0
        /// How far behind its schedule of arrivals the simulation fell at worst.
        public var worstLagMs: Int64 = 0
        public var achievedPerSecond: Double { seconds > 0 ? Double(enqueued) / seconds : 0 }
        /// False when arrivals fell more than a second behind their schedule. (The achieved rate
        /// alone says little over a short run: Poisson arrivals vary.)
        public var keptUp: Bool { worstLagMs <= 1_000 }
    }

    static let offerPollMs = 200
    static let progressMs = 2_000
    static let requestTimeoutMs = 3_000

    private let directory: String
    private let plan: FloorPlan
    private let topology: Topology
    private let record: FileHandle?
    private let progress: (String) -> Void
    private let interrupted: () -> Bool
    /// Centers whose simulated agents go home (log off) as they come free, and log in again once
    /// the center leaves this set: a staff-absent drill.
    private let absentCenters: () -> Set<String>
    private var wentHome: [(id: String, center: String)] = []
    private var dice: FloorDice
    private var tally = Tally()
    private var client: APIClient?
    private let context: ZeroMQContext
    private var completions: [(atMs: Double, contact: UInt64, agent: String)] = []
    private var readies: [(atMs: Double, agent: String)] = []
    private var serving: Set<UInt64> = []

    /// Where each contact was placed when it arrived: for a drill's "first contact of the dark
    /// center's branches served elsewhere".
    public struct Placement: Sendable, Equatable {
        public var atMs: Int64
        public var branch: String
        public var center: String
        public var contact: UInt64
    }

    public private(set) var placements: [Placement] = []
    /// Bounds what is kept for a long run.
    static let maxPlacements = 100_000

    public init(
        directory: String, plan: FloorPlan, topology: Topology, record: FileHandle?, progress: @escaping (String) -> Void,
        interrupted: @escaping () -> Bool, absentCenters: @escaping () -> Set<String> = { [] }
    ) throws {
        self.directory = directory
        self.plan = plan
        self.topology = topology
        self.record = record
        self.progress = progress
        self.interrupted = interrupted
        self.absentCenters = absentCenters
        dice = FloorDice(seed: plan.seed)
        context = try ZeroMQContext()
    }

    deinit {
        client?.close()
        context.close()
    }

    var agents: [(id: String, center: String)] {
        topology.centers.flatMap { center in (1...max(1, plan.agentsPerCenter)).prefix(plan.agentsPerCenter).map { ("load-\(center.id)-\($0)", center.id) } }
    }

    public func run() throws -> Tally {
        let branches = topology.centers.flatMap(\.branches)
        let rate = plan.arrivalsPerSecond(branches: branches.count)
        tally.targetPerSecond = rate
        for agent in agents {
            // An agent still logged in from an earlier run is refused as a conflict: it is here already.
            do {
                _ = try call(.agentLogin, AgentLoginArgs(agent: agent.id, center: agent.center, skills: plan.skills, channels: Channel.allCases), as: ContactCenterAnswer.self)
            } catch let error as APIError where error.code == .conflict {
                continue
            } catch {
                tally.failures += 1
            }
        }
        progress("floor: \(agents.count) agents logged in; \(String(format: "%.1f", rate)) contacts a second expected over \(branches.count) branches")
        let channels = plan.arrivalsPerHourPerBranch.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        let started = Date()
        func nowMs() -> Double { Date().timeIntervalSince(started) * 1_000 }
        var nextArrivalMs = dice.exponentialMs(meanMs: 1_000 / rate)
        var nextPollMs = 0.0
        var nextProgressMs = Double(Self.progressMs)
        while nowMs() < Double(plan.durationMs), tally.enqueued < plan.contacts ?? .max, !interrupted() {
            let now = nowMs()
            if now >= nextArrivalMs {
                tally.worstLagMs = max(tally.worstLagMs, Int64(now - nextArrivalMs))
                if let branch = branches[safe: Int(dice.unit() * Double(branches.count)) % max(1, branches.count)],
                    let channel = dice.weighted(channels)
                {
                    let skill = plan.skills[Int(dice.unit() * Double(plan.skills.count)) % plan.skills.count]
                    let args = ContactEnqueueArgs(channel: channel, branch: branch, segment: dice.segment(plan.segmentPercent), skill: skill)
                    if let answer = try? write(.contactEnqueue, args) {
                        tally.enqueued += 1
                        recordOp("contact.enqueue", contact: answer.contact)
                        notePlacement(answer, branch: branch)
                    }
                }
                nextArrivalMs += dice.exponentialMs(meanMs: 1_000 / rate)
            }
            if now >= nextPollMs {
                acceptOffers(atMs: now)
                nextPollMs = now + Double(Self.offerPollMs)
            }
            finishDue(atMs: now)
            if now >= nextProgressMs {
                tally.seconds = now / 1_000
                progress(String(format: "[%6.1f s] ", now / 1_000) + Self.line(tally))
                nextProgressMs += Double(Self.progressMs)
            }
            let next = min(nextArrivalMs, nextPollMs, completions.map(\.atMs).min() ?? .infinity, readies.map(\.atMs).min() ?? .infinity)
            let waitMs = min(50, max(0, next - nowMs()))
            if waitMs > 0 { Thread.sleep(forTimeInterval: waitMs / 1_000) }
        }
        tally.seconds = nowMs() / 1_000
        finishInService()
        return tally
    }

    /// The contacts in service are completed and the agents made ready, so that the next run (or a
    /// drill) finds the floor free rather than agents stuck with contacts nobody will end.
    private func finishInService() {
        for due in completions {
            if (try? write(.contactComplete, ContactArgs(contactId: due.contact))) != nil {
                tally.completed += 1
                recordOp("contact.complete", contact: due.contact)
            }
            readies.append((0, due.agent))
        }
        completions.removeAll()
        for due in readies where (try? write(.agentReady, AgentArgs(agent: due.agent))) != nil { tally.readied += 1 }
        readies.removeAll()
    }

    public static func line(_ tally: Tally) -> String {
        "contacts \(tally.enqueued) (\(String(format: "%.1f", tally.achievedPerSecond))/s of \(String(format: "%.1f", tally.targetPerSecond))/s), "
            + "answered \(tally.accepted), completed \(tally.completed), failures \(tally.failures)"
    }

    /// "contact 12 placed at chengdu on voice (failover)", as the model says it.
    static func placedCenter(_ answer: ContactCenterAnswer) -> String? {
        guard let contact = answer.contact else { return nil }
        let prefix = "contact \(contact) placed at "
        guard let sentence = answer.events.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return sentence.dropFirst(prefix.count).split(separator: " ").first.map(String.init)
    }

    private func notePlacement(_ answer: ContactCenterAnswer, branch: String) {
        guard placements.count < Self.maxPlacements, let contact = answer.contact, let center = Self.placedCenter(answer) else { return }
        placements.append(Placement(atMs: Int64(Date().timeIntervalSince1970 * 1000), branch: branch, center: center, contact: contact))
    }

    /// Accepts every contact offered to one of this floor's agents.
    private func acceptOffers(atMs now: Double) {
        guard let page = try? call(.contactList, ContactListArgs(state: .offered, limit: ContactListArgs.maxLimit), as: ContactPage.self) else {
            return
        }
        for contact in page.contacts where !serving.contains(contact.id) {
            guard let agent = contact.agent, agent.hasPrefix("load-") else { continue }
            if (try? write(.contactAccept, ContactAcceptArgs(contactId: contact.id, agent: agent))) != nil {
                tally.accepted += 1
                serving.insert(contact.id)
                recordOp("contact.accept", contact: contact.id)
                completions.append((now + dice.exponentialMs(meanMs: Double(plan.handleMs)), contact.id, agent))
            }
        }
    }

    private func finishDue(atMs now: Double) {
        for due in completions.filter({ $0.atMs <= now }) {
            if (try? write(.contactComplete, ContactArgs(contactId: due.contact))) != nil {
                tally.completed += 1
                recordOp("contact.complete", contact: due.contact)
            }
            serving.remove(due.contact)
            readies.append((now + Double(plan.wrapUpMs), due.agent))
        }
        completions.removeAll { $0.atMs <= now }
        let absent = absentCenters()
        for due in readies.filter({ $0.atMs <= now }) {
            let center = agents.first { $0.id == due.agent }?.center ?? ""
            if absent.contains(center) {
                if (try? write(.agentOffline, AgentArgs(agent: due.agent))) != nil { wentHome.append((due.agent, center)) }
            } else if (try? write(.agentReady, AgentArgs(agent: due.agent))) != nil {
                tally.readied += 1
            }
        }
        readies.removeAll { $0.atMs <= now }
        for agent in wentHome where !absent.contains(agent.center) {
            _ = try? write(.agentLogin, AgentLoginArgs(agent: agent.id, center: agent.center, skills: plan.skills, channels: Channel.allCases))
        }
        wentHome.removeAll { !absent.contains($0.center) }
    }

    @discardableResult
    private func write<Args: Codable & Sendable>(_ op: APIOperation, _ args: Args) throws -> ContactCenterAnswer {
        do {
            return try call(op, args, as: ContactCenterAnswer.self)
        } catch {
            tally.failures += 1
            throw error
        }
    }

    /// To the leader, found again after a failure.
    private func call<Args: Codable & Sendable, Result: Codable & Sendable>(_ op: APIOperation, _ args: Args, as: Result.Type) throws -> Result {
        do {
            return try connected().call(op, args, timeoutMs: Self.requestTimeoutMs, as: Result.self)
        } catch {
            client?.close()
            client = nil
            throw error
        }
    }

    private func connected() throws -> APIClient {
        if let client { return client }
        let state = try LocalClusterState.load(directory: directory)
        let status = try LocalClusterControl.status(directory: directory, timeoutMs: 1_000)
        guard let leader = status.leader, let record = state.nodes.first(where: { $0.id == leader.id }) else {
            throw APIError(.noQuorum, "no leader in \(directory)")
        }
        let made = try APIClient(
            context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
            keyPair: try LocalClusterControl.adminKeyPair(state), name: "clusterctl-load")
        client = made
        return made
    }

    private func recordOp(_ op: String, contact: UInt64?) {
        guard let record else { return }
        let line = "{\"op\":\"\(op)\",\"atMs\":\(Int64(Date().timeIntervalSince1970 * 1000))" + (contact.map { ",\"contact\":\($0)" } ?? "") + "}\n"
        record.write(Data(line.utf8))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
