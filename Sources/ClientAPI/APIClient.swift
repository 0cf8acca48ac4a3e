import Foundation
import ZeroMQ

/// A CURVE client of one node's client endpoint: sends a JSON request, waits a bounded time for
/// the answer with the same request id. Owns its socket, so like it this has one owner and is not
/// `Sendable`; make one per thread or task.
public final class APIClient {
    public let endpoint: String
    private let socket: ZeroMQSocket
    private let name: String
    private var sequence: UInt64 = 0

    /// `keyPair` is this client's key, which the node must list in `clientKeys` or `adminKeys`;
    /// `serverKey` is the node's public key. Generated request ids are `name`, a part drawn at
    /// random for this client, and a sequence number: the node remembers ids per key for an hour,
    /// and every `clusterctl` run or test client shares its key with others, so an id that
    /// restarted at "name-1" would be answered with another run's result.
    public init(
        context: ZeroMQContext, endpoint: String, serverKey: CurveKey, keyPair: CurveKeyPair, name: String = "client"
    ) throws(ZeroMQError) {
        let socket = try ZeroMQSocket(context: context, type: .dealer)
        do throws(ZeroMQError) {
            try socket.configureCurveClient(keyPair: keyPair, serverPublicKey: serverKey)
            try socket.setReconnectInterval(intervalMs: 100, maxIntervalMs: 1000)
            try socket.connect(endpoint)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        self.endpoint = endpoint
        self.name = "\(name)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    deinit {
        socket.close()
    }

    public func close() {
        socket.close()
    }

    /// A request id no other call of this client has used.
    public func nextRequestID() -> String {
        sequence += 1
        return "\(name)-\(sequence)"
    }

    /// Sends one request and decodes its answer. Writes get a fresh request id unless one is given
    /// (give the same id to retry a write safely). Throws `APIError` for an error answer, and
    /// `timeout` when nothing came back within `timeoutMs` (the node may be down, or refused our key).
    public func call<Args: Codable & Sendable, Result: Codable & Sendable>(
        _ op: APIOperation, _ args: Args, requestID: String? = nil, forward: Bool? = nil, stale: Bool? = nil,
        timeoutMs: Int = 10_000, as: Result.Type = Result.self
    ) throws -> Result {
        let id = requestID ?? nextRequestID()
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(max(0, timeoutMs)))
        try send(op, args, requestID: id, forward: forward, stale: stale, timeoutMs: timeoutMs)
        // Answers to earlier calls that timed out may still arrive; skip them (bounded by the deadline).
        while let answer = try nextAnswer(as: Result.self, timeoutMs: Self.remainingMs(until: deadline)) {
            if answer.requestId == id || answer.requestId == nil { return try answer.outcome.get() }
        }
        throw APIError(.timeout, "no answer from \(endpoint) within \(timeoutMs) ms")
    }

    /// Pipelining: sends a request without waiting for its answer, which `nextAnswer` collects. The
    /// node answers each request id once, in any order, so many can be in flight on one socket.
    public func send<Args: Codable & Sendable>(
        _ op: APIOperation, _ args: Args, requestID: String, forward: Bool? = nil, stale: Bool? = nil, timeoutMs: Int = 10_000
    ) throws {
        let header = RequestHeader(op: op, requestId: requestID, forward: forward, stale: stale)
        guard try socket.send([Request(header, args: args).json], timeoutMs: max(0, timeoutMs)) else {
            throw APIError(.timeout, "could not reach \(endpoint) within \(timeoutMs) ms")
        }
    }

    /// The next answer to arrive within `timeoutMs`, with the request id it answers (nil for a
    /// request the node could not read) and its result or error; nil when none came.
    public func nextAnswer<Result: Codable & Sendable>(
        as: Result.Type = Result.self, timeoutMs: Int
    ) throws -> (requestId: String?, outcome: Swift.Result<Result, APIError>)? {
        guard let answer = try nextAnswerBytes(timeoutMs: timeoutMs) else { return nil }
        return decodeAnswer(answer, as: Result.self)
    }

    /// The next answer to arrive within `timeoutMs`, undecoded; nil when none came. For a load
    /// generator that reads most answers no further than their first bytes, as wrk does etcd's,
    /// and gives the rest to `decodeAnswer`.
    public func nextAnswerBytes(timeoutMs: Int) throws(ZeroMQError) -> [UInt8]? {
        try socket.receive(timeoutMs: max(0, timeoutMs))?.frames.last
    }

    /// An answer's request id (nil for a request the node could not read) and its result or error.
    public func decodeAnswer<Result: Codable & Sendable>(
        _ answer: [UInt8], as: Result.Type = Result.self
    ) -> (requestId: String?, outcome: Swift.Result<Result, APIError>) {
        // Decoded once as the answer expected; only what does not decode so is looked at again.
        do {
            let response = try APIJSON.decode(Response<Result>.self, from: answer)
            do {
                return (response.requestId, .success(try response.get()))
            } catch {
                return (response.requestId, .failure(error))
            }
        } catch {
            let other = try? APIJSON.decode(AnswerID.self, from: answer)
            let unreadable = APIError(.internalError, "unreadable answer from \(endpoint): \(APIJSON.describe(error))")
            return (other?.requestId, .failure(unreadable))
        }
    }

    /// Sends raw bytes as one request frame and returns the first answer frame that comes back
    /// within `timeoutMs`, whatever it holds; for tests of malformed input and for other tools.
    public func exchangeRaw(_ frame: [UInt8], timeoutMs: Int) throws -> [UInt8]? {
        guard try socket.send([frame], timeoutMs: timeoutMs) else { return nil }
        return try socket.receive(timeoutMs: timeoutMs)?.frames.last
    }

    private static func remainingMs(until deadline: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: deadline)
        return left <= .zero ? 0 : Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
    }

    private struct AnswerID: Decodable {
        var requestId: String?
    }
}
