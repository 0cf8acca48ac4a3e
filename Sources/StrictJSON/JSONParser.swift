/// RFC 8259 JSON, strictly: one value, no trailing text, no duplicate keys, valid UTF-8, and
/// nesting at most `maxDepth` deep so that a hostile document cannot exhaust the stack.
struct JSONParser {
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    /// The keys and positions leading to the value being parsed, for naming a field given twice.
    private var trail: [String] = []

    private var trailText: String {
        trail.reduce(into: "") { text, part in text += text.isEmpty || part.hasPrefix("[") ? part : ".\(part)" }
    }

    static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.syntax("text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func syntax(_ what: String) -> StrictJSONError {
        StrictJSONError(.syntax, path: "", "is not valid JSON: \(what) at byte \(index)")
    }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value(depth: Int) throws(StrictJSONError) -> JSONValue {
        guard depth < Self.maxDepth else { throw syntax("nesting deeper than \(Self.maxDepth)") }
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return .number(try number())
        case nil: throw syntax("unexpected end")
        default: throw syntax("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(StrictJSONError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ bytes[index..<index + count].elementsEqual($0) })
        else { throw syntax("unexpected character") }
        index += count
    }

    private mutating func object(depth: Int) throws(StrictJSONError) -> JSONValue {
        index += 1
        var object = JSONObject()
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw syntax("expected a quoted key") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw syntax("expected ':'") }
            index += 1
            skipSpace()
            trail.append(key)
            let member = try value(depth: depth + 1)
            guard object.insert(key, member) else {
                throw StrictJSONError(.duplicateField, path: trailText, "is given twice")
            }
            trail.removeLast()
            if try endOfContainer(UInt8(ascii: "}")) { return .object(object) }
        }
    }

    private mutating func array(depth: Int) throws(StrictJSONError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            trail.append("[\(elements.count)]")
            elements.append(try value(depth: depth + 1))
            trail.removeLast()
            if try endOfContainer(UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    /// After a member or an element: true at the closing bracket (taken), false after a comma.
    private mutating func endOfContainer(_ closing: UInt8) throws(StrictJSONError) -> Bool {
        skipSpace()
        switch current {
        case UInt8(ascii: ","):
            index += 1
            skipSpace()
            return false
        case closing:
            index += 1
            return true
        default: throw syntax("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    /// The number's text, checked against the grammar; its range is for the field to judge.
    private mutating func number() throws(StrictJSONError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, (0x30...0x39).contains(first) else { throw syntax("expected a digit") }
        index += 1
        if first != 0x30 { skipDigits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard try digitsFollow() else { throw syntax("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard try digitsFollow() else { throw syntax("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipDigits() {
        while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
    }

    private mutating func digitsFollow() throws(StrictJSONError) -> Bool {
        let start = index
        skipDigits()
        return index > start
    }

    private mutating func string() throws(StrictJSONError) -> String {
        index += 1
        // Most strings have no escape: made from the document's bytes in one go, not byte by byte.
        let start = index
        var allASCII = true
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            allASCII = allASCII && bytes[index] < 0x80
            index += 1
        }
        if current == UInt8(ascii: "\""), allASCII {
            // ASCII needs no validation, and the validating initializer's generic path was a
            // tenth of parsing a request.
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        var text = Array(bytes[start..<index])
        while true {
            guard let byte = current else { throw syntax("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let valid = String(validating: text, as: UTF8.self) else { throw syntax("a string that is not UTF-8") }
                return valid
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &text)
            case 0..<0x20: throw syntax("a control character in a string")
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func escape(into text: inout [UInt8]) throws(StrictJSONError) {
        guard let byte = current else { throw syntax("unterminated string") }
        index += 1
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            text.append(simple)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw syntax("an unknown escape") }
        var scalar = UInt32(try hex4())
        if (0xD800..<0xDC00).contains(scalar) {
            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw syntax("a lone surrogate")
            }
            index += 2
            let low = UInt32(try hex4())
            guard (0xDC00..<0xE000).contains(low) else { throw syntax("a lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw syntax("a lone surrogate") }
        text.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    private mutating func hex4() throws(StrictJSONError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw syntax("a short \\u escape") }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8 =
                switch byte {
                case 0x30...0x39: byte - 0x30
                case 0x41...0x46: byte - 0x41 + 10
                case 0x61...0x66: byte - 0x61 + 10
                default: 0xFF
                }
            guard digit != 0xFF else { throw syntax("a bad \\u escape") }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }
}
