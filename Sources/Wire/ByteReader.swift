/// Bounds-checked reading: every read of bytes from the network or the log either succeeds or throws.
public struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int, _ what: String) throws(WireError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - position >= count else {
            throw .malformed("\(what) needs \(count) bytes at offset \(position), \(bytes.count - position) left")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    private mutating func integer(_ width: Int, _ what: String) throws(WireError) -> UInt64 {
        try take(width, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    public mutating func uint8(_ what: String) throws(WireError) -> UInt8 { UInt8(try integer(1, what)) }
    public mutating func uint16(_ what: String) throws(WireError) -> UInt16 { UInt16(try integer(2, what)) }
    public mutating func uint32(_ what: String) throws(WireError) -> UInt32 { UInt32(try integer(4, what)) }
    public mutating func uint64(_ what: String) throws(WireError) -> UInt64 { try integer(8, what) }

    public mutating func bool(_ what: String) throws(WireError) -> Bool {
        switch try uint8(what) {
        case 0: return false
        case 1: return true
        case let other: throw .malformed("\(what) is \(other), not a boolean")
        }
    }

    public mutating func blob(_ what: String) throws(WireError) -> [UInt8] {
        Array(try take(Int(try uint32("\(what) length")), what))
    }

    /// A length-prefixed UTF-8 string; refused when its bytes are not UTF-8.
    public mutating func string(_ what: String) throws(WireError) -> String {
        let utf8 = try take(Int(try uint32(what)), what)
        // ASCII needs no validation: the validating initializer's generic path was most of the
        // time a follower spent decoding the commands it applies.
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        guard let string = String(validating: utf8, as: UTF8.self) else { throw .malformed("\(what) is not UTF-8") }
        return string
    }

    /// A count that announces what follows; refused when it cannot fit in what is left.
    mutating func count(_ what: String, minimumBytesEach: Int, limit: Int) throws(WireError) -> Int {
        let count = Int(try uint32("\(what) count"))
        guard count <= limit else { throw .malformed("\(count) \(what) is over the limit of \(limit)") }
        guard count * minimumBytesEach <= bytes.count - position else {
            throw .malformed("\(count) \(what) cannot fit in the \(bytes.count - position) bytes left")
        }
        return count
    }
}
