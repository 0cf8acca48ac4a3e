/// Arguments whose JSON is written directly (see `JSONOutput`): the same bytes `APIJSON.encode`
/// gives. A node fingerprints every write it receives over this JSON, and Foundation's encoder took
/// a sixteenth of the leader's loop doing it (profiled at 128 clients); clients send it.
public protocol DirectJSONArguments {
    var json: [UInt8] { get }
}

extension Request {
    /// `APIJSON.encode(self)`'s bytes, written directly when the arguments are.
    public var json: [UInt8] {
        guard let args = args as? any DirectJSONArguments else { return APIJSON.encode(self) }
        let argsJSON = args.json
        var output = JSONOutput(capacity: 96 + argsJSON.count + (requestId?.utf8.count ?? 0))
        output.object { output in
            output.member("args", json: argsJSON)
            output.member("forward", forward)
            output.member("op", op)
            output.member("requestId", requestId)
            output.member("stale", stale)
            output.member("v", v)
        }
        return output.bytes
    }
}

extension TicketCreateArgs: DirectJSONArguments {
    public var json: [UInt8] {
        var output = JSONOutput(capacity: 160 + title.utf8.count + (text?.utf8.count ?? 0))
        output.object { output in
            output.member("assignee", assignee)
            output.member("callbackWanted", callbackWanted)
            output.member("category", category?.rawValue)
            output.member("center", center)
            output.member("dueAtMs", dueAtMs)
            output.member("priority", priority?.rawValue)
            output.member("text", text)
            output.member("title", title)
        }
        return output.bytes
    }
}

extension TicketAppendArgs: DirectJSONArguments {
    public var json: [UInt8] {
        var output = JSONOutput(capacity: 64 + text.utf8.count)
        output.object { output in
            output.member("close", close)
            output.member("text", text)
            output.member("ticketId", ticketId)
        }
        return output.bytes
    }
}

extension TicketUpdateArgs: DirectJSONArguments {
    public var json: [UInt8] {
        var output = JSONOutput(capacity: 192 + (text?.utf8.count ?? 0))
        output.object { output in
            output.member("assignee", assignee)
            output.member("callbackWanted", callbackWanted)
            output.member("category", category?.rawValue)
            output.member("dueAtMs", dueAtMs)
            output.member("escalatedTo", escalatedTo)
            output.member("priority", priority?.rawValue)
            output.member("state", state?.rawValue)
            output.member("text", text)
            output.member("ticketId", ticketId)
        }
        return output.bytes
    }
}
