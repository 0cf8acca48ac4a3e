import ClientAPI
import ContactCenter
import StrictJSON
import Testing

/// The shortcut must read a request exactly as the strict decoder does, or leave it to it.
@Suite struct PlainRequestTests {
    /// What the node's strict path makes of a document: the header and `ticket.append`'s args, or nil
    /// where it refuses them.
    private static func strict(_ document: JSONValue) -> (header: RequestHeader?, args: TicketAppendArgs?) {
        var header: RequestHeader?
        if let decoded = try? StrictJSON.decode(RequestHeader.self, from: document, rejectingUnknownFields: false),
            StrictJSON.unknownField(in: document, known: RequestHeader.fields) == nil
        {
            header = decoded
        }
        let args = try? StrictJSON.decode(Request<TicketAppendArgs>.self, from: document).args
        return (header, args)
    }

    private static func check(_ json: String, plain expected: Bool? = nil) throws {
        let document = try StrictJSON.parse(Array(json.utf8))
        let strict = Self.strict(document)
        let header = PlainRequest.header(document)
        let args = PlainRequest.ticketAppend(document)
        if let header { #expect(header == strict.header, "\(json)") }
        // The node reads the arguments only of a request whose header it accepted.
        if let args, strict.header != nil { #expect(args == strict.args, "\(json)") }
        if let expected { #expect((header != nil && args != nil) == expected, "\(json)") }
    }

    @Test("plain requests are read as the strict decoder reads them")
    func plainRequests() throws {
        try Self.check(#"{"v":1,"op":"ticket.append","requestId":"b-1-2","args":{"ticketId":4242,"text":"called back"}}"#, plain: true)
        try Self.check(#"{"args":{"close":true,"text":"","ticketId":0},"forward":false,"op":"ticket.append","requestId":"x","stale":true,"v":1}"#, plain: true)
        try Self.check(#"{"v":2,"op":"nope","args":{"ticketId":999999999999999999,"text":"é \" \\ 中"}}"#, plain: true)
    }

    @Test("random mixes of plain and other fields read the same both ways")
    func randomRequests() throws {
        var random = SplitMix64(seed: 13)
        func field(_ name: String, _ choices: [String?]) -> String? {
            (random.pick(choices) ?? nil).map { #""\#(name)":\#($0)"# }
        }
        func shuffle(_ items: inout [String]) {
            for position in items.indices.reversed() { items.swapAt(position, random.below(position + 1)) }
        }
        let numbers = ["5", "0", "123456789012345678", "5", "-5", "2.0", "1e3", "99999999999999999999", #""5""#, "null", nil]
        var plainBothWays = 0
        for _ in 0..<4_000 {
            var args = [
                field("ticketId", numbers), field("text", [#""a""#, #""é\n""#, #""a""#, "null", "5", nil]),
                field("close", [nil, nil, "true", "false", "null", #""x""#]), field("closed", ["true", nil, nil, nil, nil, nil]),
            ].compactMap { $0 }
            shuffle(&args)
            var members = [
                field("v", ["1", "1", "1", "1", "2", "1e0", "-1", #""1""#, nil]),
                field("op", [#""ticket.append""#, #""ticket.append""#, #""ticket.append""#, "7", nil]),
                field("requestId", [#""r-1""#, #""r-1""#, #""r-1""#, "null", "3", nil]),
                field("forward", ["true", "false", nil, nil, nil, "null", "1"]), field("stale", ["true", "false", nil, nil]),
                field("extra", ["1", nil, nil, nil, nil, nil]), random.chance(95) ? #""args":{\#(args.joined(separator: ","))}"# : nil,
            ].compactMap { $0 }
            shuffle(&members)
            let json = "{\(members.joined(separator: ","))}"
            try Self.check(json)
            let document = try StrictJSON.parse(Array(json.utf8))
            if PlainRequest.header(document) != nil, PlainRequest.ticketAppend(document) != nil { plainBothWays += 1 }
        }
        // Both ways were taken often enough for the comparison to mean something.
        #expect(plainBothWays > 40 && plainBothWays < 3_960, "\(plainBothWays) of 4,000 read plainly")
    }

    @Test("every other shape is left to the strict decoder")
    func otherShapes() throws {
        let others = [
            #"{"v":1e0,"op":"ticket.append","args":{"ticketId":1,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":2.0,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":-3,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":9223372036854775807,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":9223372036854775808,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":"1","text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":1,"text":null}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":1,"text":"a","close":null}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":1,"text":"a","closed":true}}"#,
            #"{"v":1,"op":"ticket.append","args":{"ticketId":1}}"#,
            #"{"v":1,"op":"ticket.append","args":[1]}"#,
            #"{"v":1,"op":"ticket.append"}"#,
            #"{"v":1,"op":"ticket.append","requestId":null,"args":{"ticketId":1,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","forward":1,"args":{"ticketId":1,"text":"a"}}"#,
            #"{"v":1,"op":"ticket.append","extra":1,"args":{"ticketId":1,"text":"a"}}"#,
            #"{"op":"ticket.append","args":{"ticketId":1,"text":"a"}}"#,
            #"{"v":1,"op":7,"args":{"ticketId":1,"text":"a"}}"#,
            #"[{"v":1}]"#,
        ]
        for json in others { try Self.check(json, plain: false) }
    }
}
