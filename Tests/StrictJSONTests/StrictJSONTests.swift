import Testing

@testable import StrictJSON

private enum Color: String, Codable, CaseIterable {
    case red, green
}

private struct Inner: Codable, Equatable {
    var ticketId: UInt64
    var note: String?
    var color: Color?
    var share: Double?
    var small: Int8?
}

private struct Outer: Codable, Equatable {
    var v: Int
    var args: Inner
    var tags: [String]?
}

private func failure(_ json: String, unknownFieldsRejected: Bool = true) -> StrictJSONError? {
    do {
        _ = try StrictJSON.decode(Outer.self, from: Array(json.utf8), rejectingUnknownFields: unknownFieldsRejected)
        return nil
    } catch {
        return error
    }
}

@Suite struct StrictJSONTests {
    @Test func decodesWhatJSONDecoderDecodes() throws {
        let json = #"{"v":1,"args":{"ticketId":7,"note":"a \"q\" \u00e9 \ud83d\ude00","color":"red","share":0.25},"tags":["x"]}"#
        let outer = try StrictJSON.decode(Outer.self, from: Array(json.utf8))
        #expect(outer == Outer(v: 1, args: Inner(ticketId: 7, note: "a \"q\" é 😀", color: .red, share: 0.25), tags: ["x"]))
        #expect(try StrictJSON.decode(Outer.self, from: Array(#"{"v":1e0,"args":{"ticketId":2.0}}"#.utf8)).args.ticketId == 2)
    }

    @Test(arguments: [
        ("1.5", "args.ticketId", "from 0 to 18446744073709551615, not 1.5"),
        ("18446744073709551616", "args.ticketId", "not 18446744073709551616"),
        ("1e309", "args.ticketId", "not 1e309"),
        ("-1", "args.ticketId", "not -1"),
    ])
    func numbersOutOfRangeNameTheFieldAndTheRange(value: String, field: String, says: String) throws {
        let error = try #require(failure(#"{"v":1,"args":{"ticketId":\#(value)}}"#))
        #expect(error.kind == .outOfRange && error.path == field)
        #expect(error.problem.contains(says), "\(error)")
    }

    @Test func otherRangesAndTypes() throws {
        #expect(failure(#"{"v":1,"args":{"ticketId":1,"small":300}}"#)?.problem.contains("from -128 to 127") == true)
        #expect(failure(#"{"v":1,"args":{"ticketId":1,"share":1e999}}"#)?.problem.contains("finite") == true)
        #expect(failure(#"{"v":1.5,"args":{"ticketId":1}}"#)?.path == "v")
        #expect(failure(#"{"v":"1","args":{"ticketId":1}}"#)?.description == "v: must be a whole number, not a string")
        #expect(failure(#"{"v":1,"args":{"ticketId":null}}"#)?.problem.contains("not null") == true)
        #expect(failure(#"{"v":1,"args":[]}"#)?.description == "args: must be an object, not a list")
        #expect(failure(#"{"v":1,"args":{"ticketId":1},"tags":["a",2]}"#)?.path == "tags[1]")
        #expect(failure(#"{"v":1}"#)?.description == "args: is required but missing")
    }

    @Test func unknownFieldsAreRefusedWithTheNearestName() throws {
        let misspelled = try #require(failure(#"{"v":1,"args":{"ticketID":1}}"#))
        // The required field is missing first, and the likely typo is named with it.
        #expect(misspelled.description == "args.ticketId: is required but missing (`ticketID` is given: a typo?)")
        let extra = try #require(failure(#"{"v":1,"args":{"ticketId":1,"nott":"x"}}"#))
        #expect(extra.kind == .unknownField && extra.path == "args.nott")
        #expect(extra.problem.contains("did you mean `note`?"), "\(extra)")
        let far = try #require(failure(#"{"v":1,"args":{"ticketId":1},"whatever":true}"#))
        #expect(far.path == "whatever" && !far.problem.contains("did you mean"))
        #expect(failure(#"{"v":1,"args":{"ticketId":1},"whatever":true}"#, unknownFieldsRejected: false) == nil)
    }

    @Test func enumsListTheirValues() throws {
        let error = try #require(failure(#"{"v":1,"args":{"ticketId":1,"color":"blue"}}"#))
        #expect(error.description == #"args.color: must be one of red, green, not "blue""#)
        let long = String(repeating: "x", count: 1 << 20)
        let echoed = try #require(failure(#"{"v":1,"args":{"ticketId":1,"color":"\#(long)"}}"#))
        #expect(echoed.description.utf8.count < 200, "an error must not echo a large input")
    }

    @Test(arguments: [
        #"{"v":1,"v":2,"args":{"ticketId":1}}"#, #"{"v":1,"args":{"ticketId":1,"ticketId":2}}"#,
    ])
    func duplicateKeysAreRefused(json: String) throws {
        let error = try #require(failure(json))
        #expect(error.kind == .duplicateField && error.problem == "is given twice")
    }

    @Test(arguments: [
        "", "{", "{\"v\":1,}", "[1,]", "01", "1.", "-", "\"\\x\"", "\"\u{01}\"", "{\"v\":1} x", "nul", "\"\\ud800\"",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func malformedDocumentsAreSyntaxErrors(json: String) throws {
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse(Array(json.utf8)) }
        do {
            _ = try StrictJSON.parse(Array(json.utf8))
        } catch {
            #expect(error.kind == .syntax && error.problem.hasPrefix("is not valid JSON"))
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func stringsWithAndWithoutEscapesOrOtherScalars() throws {
        let cases = [
            (#""plain ascii""#, "plain ascii"), (#""""#, ""), (#""中文 é""#, "中文 é"),
            (#""abc\ndef\u00e9""#, "abc\ndefé"), (#""\"quoted\" after""#, "\"quoted\" after"),
        ]
        for (json, text) in cases { #expect(try StrictJSON.parse(Array(json.utf8)) == .string(text), "\(json)") }
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse([0x22, 0x61, 0x62, 0xC3, 0x22]) }
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse([0x22, 0x61, 0xFF, 0x5C, 0x6E, 0x22]) }
    }

    /// Small objects are searched key by key and big ones through a table: both keep the order,
    /// find every key and refuse a key given twice.
    @Test(arguments: [3, 16, 17, 40])
    func objectsOfAnySize(keys: Int) throws {
        let members = (0..<keys).map { #""k\#($0)":\#($0)"# }
        let object = try StrictJSON.parse(Array("{\(members.joined(separator: ","))}".utf8))
        guard case .object(let fields) = object else { Issue.record("not an object"); return }
        #expect(fields.keys == (0..<keys).map { "k\($0)" })
        for key in 0..<keys { #expect(fields["k\(key)"] == .number("\(key)")) }
        #expect(fields["k\(keys)"] == nil)
        for repeated in [0, keys - 1] {
            let twice = "{\(members.joined(separator: ",")),\"k\(repeated)\":0}"
            #expect(throws: StrictJSONError.self) { try StrictJSON.parse(Array(twice.utf8)) }
        }
    }

    @Test func editDistance() {
        #expect(FieldUse.editDistance(Array("tickMS".utf8), Array("tickMs".utf8)) == 1)
        #expect(FieldUse.nearest("tickMS", in: ["tickMs", "heartbeatIntervalTicks"]) == "tickMs")
        #expect(FieldUse.nearest("zzz", in: ["tickMs"]) == nil)
    }
}
