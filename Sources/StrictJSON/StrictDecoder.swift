/// One value of the document, as the `Decoder` a `Decodable` type reads itself from.
struct StrictDecoder: Decoder {
    let value: JSONValue
    let path: DocumentPath
    let use: FieldUse?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var codingPath: [any CodingKey] { path.codingPath }

    init(_ value: JSONValue, path: DocumentPath, use: FieldUse?) {
        self.value = value
        self.path = path
        self.use = use
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(
            KeyedContainer<Key>(object: object, path: path, use: use, handle: use?.open(object, at: path)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("a list") }
        return UnkeyedContainer(elements: elements, path: path, use: use)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ expected: String) -> StrictJSONError {
        if value == .null { return StrictJSONError(.wrongType, path: path.text, "must be \(expected), not null") }
        return StrictJSONError(.wrongType, path: path.text, "must be \(expected), not \(value.kindName)")
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The common leaves first, without the generic detour through init(from:).
        if type == String.self { return try decode(String.self) as! T }
        if type == Int.self { return try integer(Int.self) as! T }
        if type == UInt64.self { return try integer(UInt64.self) as! T }
        if type == Int64.self { return try integer(Int64.self) as! T }
        if type == Bool.self { return try decode(Bool.self) as! T }
        if type == Double.self { return try decode(Double.self) as! T }
        // Strings first: the cast to `CaseIterable` is slow, and objects are most of what gets here.
        if case .string(let text) = value, let allowed = EnumValues.rawValues(of: type), !allowed.contains(text) {
            let list = allowed.joined(separator: ", ")
            throw StrictJSONError(.invalidValue, path: path.text, "must be one of \(list), not \(StrictJSONError.quote(text))")
        }
        return try T(from: self)
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws(StrictJSONError) -> T {
        guard case .number(let text) = value else { throw mismatch("a whole number") }
        if let exact = T(text) { return exact }
        // 1e3 and 2.0 are whole numbers too; 1.5, 2^64 and 1e309 are not numbers this field takes.
        if let double = Double(text), double.isFinite, double.rounded() == double, let exact = T(exactly: double) {
            return exact
        }
        throw StrictJSONError(
            .outOfRange, path: path.text, "must be a whole number from \(T.min) to \(T.max), not \(text.prefix(40))")
    }

    func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) throws(StrictJSONError) -> T {
        guard case .number(let text) = value else { throw mismatch("a number") }
        guard let number = T(text), number.isFinite else {
            throw StrictJSONError(.outOfRange, path: path.text, "must be a finite number, not \(text.prefix(40))")
        }
        return number
    }
}

extension StrictDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double { try floating(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try floating(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
}

/// The raw values of a `CaseIterable` enum of strings, so an error can list what a field takes.
enum EnumValues {
    static func rawValues(of type: Any.Type) -> [String]? {
        guard let cases = type as? any CaseIterable.Type else { return nil }
        return values(cases)
    }

    private static func values<C: CaseIterable>(_ type: C.Type) -> [String]? {
        let raw = type.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return raw.isEmpty ? nil : raw
    }
}

/// Coding keys for list positions, shown as `[2]` in paths.
struct PositionKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ position: Int) { intValue = position }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
