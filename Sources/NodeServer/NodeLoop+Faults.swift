import ClientAPI
import Foundation

extension NodeLoop {
    /// `fault.inject`, `fault.clear` and `fault.list` act on this node alone, whatever its role:
    /// a drill cuts off one center's node, not the cluster's leader.
    func answerFault(_ op: APIOperation, _ header: RequestHeader, _ incoming: ClientEndpoint.Incoming) throws {
        switch op {
        case .faultInject:
            let args = try arguments(FaultInjectArgs.self, incoming)
            if let problem = args.problem { throw APIError(.badRequest, problem) }
            faults.inject(args)
            logger.notice("node \(config.id): drill fault \(args.kind.rawValue) injected for \(args.durationMs) ms")
        case .faultClear:
            let args = try arguments(FaultClearArgs.self, incoming, defaults: FaultClearArgs())
            faults.clear(args.kind)
            logger.notice("node \(config.id): drill fault \(args.kind?.rawValue ?? "every fault") cleared")
        default:
            break
        }
        reply(incoming, op, header.requestId, Response(requestId: header.requestId, result: FaultState(node: config.id, faults: faults.list())))
    }

    /// Faults end by themselves at their deadline; checked every tick.
    func expireFaults() {
        for kind in faults.expire() { logger.notice("node \(config.id): drill fault \(kind.rawValue) ended at its deadline") }
    }
}
