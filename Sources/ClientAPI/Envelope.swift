import Foundation

/// The one version of the API this build speaks; requests name it in `v`.
public let apiVersion = 1

/// What every request has besides its arguments. Decoded first, to learn the operation and how
/// to answer even when the arguments turn out to be bad.
public struct RequestHeader: Sendable, Equatable, Codable {
    public var v: Int
    public var op: String
    /// Required for writes: a retry with the same id is applied at most once. Unique per client key.
    public var requestId: String?
    /// A follower forwards writes and reads to the leader unless this is false; then it answers
    /// `not_leader` with the leader's client endpoint.
    public var forward: Bool?
    /// Reads are linearizable unless this is true; a stale read answers from this node's applied
    /// state at once, even without a quorum.
    public var stale: Bool?

    /// Every field a request may have at its top level.
    public static let fields: Set<String> = ["v", "op", "requestId", "forward", "stale", "args"]

    public init(op: APIOperation, requestId: String? = nil, forward: Bool? = nil, stale: Bool? = nil) {
        self.v = apiVersion
        self.op = op.rawValue
        self.requestId = requestId
        self.forward = forward
        self.stale = stale
    }
}

/// A whole request: the header's fields and `args` at the top level of one JSON object.
public struct Request<Args: Codable & Sendable>: Sendable, Codable {
    public var v: Int
    public var op: String
    public var requestId: String?
    public var forward: Bool?
    public var stale: Bool?
    public var args: Args

    public init(_ header: RequestHeader, args: Args) {
        v = header.v
        op = header.op
        requestId = header.requestId
        forward = header.forward
        stale = header.stale
        self.args = args
    }

    public var header: RequestHeader {
        var header = RequestHeader(op: .clusterStatus, requestId: requestId, forward: forward, stale: stale)
        header.v = v
        header.op = op
        return header
    }
}

/// Operations without arguments take `{}` (or no `args` at all).
public struct NoArguments: Sendable, Equatable, Codable {
    public init() {}
}

/// An answer: `ok` with a `result`, or not `ok` with an `error`.
public struct Response<Result: Codable & Sendable>: Sendable, Codable {
    public var v: Int
    public var requestId: String?
    public var ok: Bool
    public var result: Result?
    public var error: APIError?

    public init(requestId: String?, result: Result) {
        v = apiVersion
        self.requestId = requestId
        ok = true
        self.result = result
        error = nil
    }

    public init(requestId: String?, error: APIError) {
        v = apiVersion
        self.requestId = requestId
        ok = false
        result = nil
        self.error = error
    }

    /// The result, or the answer's error thrown.
    public func get() throws(APIError) -> Result {
        if let result, ok { return result }
        throw error ?? APIError(.internalError, "answer has neither result nor error")
    }
}

/// One JSON encoder and decoder setup for both ends, so field names and dates agree.
public enum APIJSON {
    public static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own Codable types cannot fail: they hold no non-finite numbers.
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// A decoding error as one line a client can act on ("args.ticketId: expected a whole number").
    public static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the request" : text
        }
        func describe(_ type: Any.Type) -> String {
            switch type {
            case is Int.Type, is Int64.Type, is UInt64.Type: "a whole number"
            case is String.Type: "a string"
            case is Bool.Type: "true or false"
            case is [Any].Type: "a list"
            default: "an object"
            }
        }
        switch decoding {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)): must not be null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(decoding)"
        }
    }
}
