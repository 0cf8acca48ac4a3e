/// JSON written byte by byte in exactly `APIJSON.encode`'s form (keys sorted, slashes not escaped,
/// other characters as Foundation's encoder writes them), for the one answer every node encodes on
/// every write: Foundation's `JSONEncoder` took a third of the leader's CPU encoding ticket answers
/// (profiled at 128 clients). Tests compare its bytes with `APIJSON.encode`'s.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []
    /// Whether the object being written has a member yet (a comma goes before the next one).
    private var hasMember = false

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// An object whose members `body` writes, in sorted key order.
    mutating func object(_ body: (inout JSONOutput) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        hasMember = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        hasMember = true
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONOutput, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
        hasMember = true
    }

    /// A member's key and colon; its value follows.
    mutating func key(_ name: StaticString) {
        if hasMember { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: an array literal here was allocated and freed for every key of every answer.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        hasMember = false
    }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        if let value { member(name, value) }
    }

    mutating func member<Integer: FixedWidthInteger>(_ name: StaticString, _ value: Integer) {
        key(name)
        integer(value)
        hasMember = true
    }

    mutating func member<Integer: FixedWidthInteger>(_ name: StaticString, _ value: Integer?) {
        if let value { member(name, value) }
    }

    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        (value ? "true" as StaticString : "false").withUTF8Buffer { bytes.append(contentsOf: $0) }
        hasMember = true
    }

    mutating func member(_ name: StaticString, _ value: Bool?) {
        if let value { member(name, value) }
    }

    /// Runs of characters that need no escape are copied whole: byte by byte was most of an answer's
    /// encoding.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: utf8[runStart..<offset])
                escape(byte)
                runStart = offset + 1
            }
            bytes.append(contentsOf: utf8[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
        hasMember = true
    }

    /// A member whose value is JSON written already (`TicketArgsJSON`'s).
    mutating func member(_ name: StaticString, json: [UInt8]) {
        key(name)
        bytes.append(contentsOf: json)
        hasMember = true
    }

    /// Decimal digits written straight into the output: `String(value)` went through a String
    /// and `String(radix:)` for every number of every answer, 1-3 % of each node's CPU at 128 clients.
    private mutating func integer<Integer: FixedWidthInteger>(_ value: Integer) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        guard var magnitude = UInt64(exactly: value.magnitude) else {
            bytes.append(contentsOf: String(value.magnitude).utf8)
            return
        }
        // UInt64.max has 20 digits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = digits.count
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            bytes.append(contentsOf: digits[position...])
        }
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            ("\\u00" as StaticString).withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
