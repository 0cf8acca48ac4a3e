import ClientAPI
import ContactCenter

/// `clusterctl route explain CONTACT|BRANCH`: a placed contact's recorded routing decision, or
/// where a new contact from a branch would go now (a dry run that changes nothing).
public enum RouteQuery {
    public enum Target: Sendable, Equatable {
        case contact(UInt64)
        case branch(String, channel: Channel, segment: Segment?)

        /// A number is a contact id (contact ids are numbers, branch names never are).
        public init(_ argument: String, channel: Channel = .voice, segment: Segment? = nil) {
            if let id = UInt64(argument) {
                self = .contact(id)
            } else {
                self = .branch(argument, channel: channel, segment: segment)
            }
        }
    }

    public enum Answer: Sendable, Equatable {
        case contact(ContactRecord)
        case dryRun(RouteExplanation)
    }

    /// Asked of the leader, like the admin commands: it answers a linearizable read without a
    /// forwarding hop, and when nobody leads we can say so at once instead of timing out.
    public static func explain(_ target: Target, directory: String, timeoutMs: Int = 10_000) throws -> Answer {
        do {
            switch target {
            case .contact(let id):
                return .contact(
                    try AdminCall.leader(
                        directory: directory, .routeExplain, RouteExplainArgs(contactId: id), as: ContactRecord.self,
                        timeoutMs: timeoutMs))
            case .branch(let branch, let channel, let segment):
                let explanation = try AdminCall.leader(
                    directory: directory, .routeExplain, RouteExplainArgs(branch: branch, channel: channel, segment: segment),
                    as: RouteExplanation.self, timeoutMs: timeoutMs)
                // Routing answers an unknown branch with its one `no-home` rule; for a person that is a typo to fix.
                if explanation.center == nil, explanation.steps.contains(where: { $0.rule == "no-home" }) {
                    throw RouteQueryError.unknownBranch(branch)
                }
                return .dryRun(explanation)
            }
        } catch let error as APIError {
            throw RouteQueryError(error, target: target, directory: directory)
        }
    }
}

/// Why `route explain` has no answer, in words that say what to do next.
public enum RouteQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    case noTopology(directory: String)
    case unknownContact(UInt64)
    case unknownBranch(String)
    /// No leader, or the leader lost its quorum: nothing can be read linearizably now.
    case noQuorum(String)
    /// Any other API error, as the node gave it.
    case api(APIError)

    public init(_ error: APIError, target: RouteQuery.Target, directory: String) {
        switch (error.code, target) {
        // A contact-center read refuses with `conflict` only while no topology is loaded.
        case (.conflict, _): self = .noTopology(directory: directory)
        case (.notFound, .contact(let id)): self = .unknownContact(id)
        case (.noQuorum, _): self = .noQuorum(error.message)
        default: self = .api(error)
        }
    }

    public var description: String {
        switch self {
        case .noTopology(let directory):
            "no topology is loaded in \(directory): an admin loads one with topology.load "
                + "(for example Deploy/topology/china-2020.json)"
        case .unknownContact(let id):
            "no contact \(id): it never existed, or it ended and its retention passed"
        case .unknownBranch(let branch):
            "unknown branch \(branch): no center of the topology serves it (branches are names such as hubei)"
        case .noQuorum(let message):
            "no quorum, so no routing answer can be trusted now: \(message)"
        case .api(let error):
            "\(error)"
        }
    }
}
