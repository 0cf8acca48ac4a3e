import StrictJSON

/// The common shape of the hottest request, read straight from the parsed document: a header and
/// `ticket.append`'s arguments with plain values (whole numbers written as digits, strings, true
/// or false). Going through `Decodable` for them was a tenth of the leader's loop at 128 clients.
/// Anything else (another shape, a number written `2.0`, a null, an unknown field) is not read
/// here and goes to `StrictJSON.decode`, which alone says what is wrong; so both ways give the
/// same value for every document (tests compare them).
public enum PlainRequest {
    /// The header of a request whose top-level fields are all known and plainly written.
    public static func header(_ document: JSONValue) -> RequestHeader? {
        guard case .object(let object) = document, object.keys.allSatisfy(RequestHeader.fields.contains),
            let v = object["v"].flatMap(wholeNumber), case .string(let op)? = object["op"]
        else { return nil }
        guard let requestId = optional(object["requestId"], string), let forward = optional(object["forward"], bool),
            let stale = optional(object["stale"], bool)
        else { return nil }
        var header = RequestHeader(op: .clusterStatus, requestId: requestId, forward: forward, stale: stale)
        header.v = Int(v)
        header.op = op
        return header
    }

    /// `ticket.append`'s arguments, when `args` holds only its fields, plainly written; for a
    /// request whose header was accepted (this does not look at it).
    public static func ticketAppend(_ document: JSONValue) -> TicketAppendArgs? {
        guard case .object(let request) = document, case .object(let args)? = request["args"],
            args.keys.allSatisfy(ticketAppendFields.contains),
            let ticketId = args["ticketId"].flatMap(wholeNumber), case .string(let text)? = args["text"],
            let close = optional(args["close"], bool)
        else { return nil }
        return TicketAppendArgs(ticketId: ticketId, text: text, close: close)
    }

    static let ticketAppendFields: Set<String> = ["ticketId", "text", "close"]
    /// Up to 18 digits always fits an `Int64`; longer numbers are left to the strict decoder.
    static let maxPlainDigits = 18

    /// Absent is `.some(nil)`; present and plain is `.some(value)`; anything else is nil.
    private static func optional<Value>(_ value: JSONValue?, _ read: (JSONValue) -> Value?) -> Value?? {
        guard let value else { return .some(nil) }
        return read(value).map { .some($0) }
    }

    private static func string(_ value: JSONValue) -> String? {
        if case .string(let text) = value { text } else { nil }
    }

    private static func bool(_ value: JSONValue) -> Bool? {
        if case .bool(let flag) = value { flag } else { nil }
    }

    /// A number written as digits only (no sign, fraction or exponent), short enough to fit.
    private static func wholeNumber(_ value: JSONValue) -> Int64? {
        guard case .number(let text) = value, text.utf8.count <= maxPlainDigits else { return nil }
        var number: Int64 = 0
        for digit in text.utf8 {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return text.utf8.isEmpty ? nil : number
    }
}
