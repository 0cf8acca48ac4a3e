/// Decodes `Decodable` types from JSON more strictly than Foundation's `JSONDecoder`, and says
/// precisely what is wrong: the field's path and what it takes ("args.ticketId: must be a whole
/// number from 0 to 18446744073709551615, not 1.5"). Refuses duplicate keys and, when asked,
/// fields the type does not know, with the nearest known name.
public enum StrictJSON {
    public static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    public static func decode<Value: Decodable>(
        _ type: Value.Type, from bytes: [UInt8], rejectingUnknownFields: Bool = true
    ) throws(StrictJSONError) -> Value {
        try decode(type, from: try parse(bytes), rejectingUnknownFields: rejectingUnknownFields)
    }

    public static func decode<Value: Decodable>(
        _ type: Value.Type, from document: JSONValue, rejectingUnknownFields: Bool = true
    ) throws(StrictJSONError) -> Value {
        let use = rejectingUnknownFields ? FieldUse() : nil
        let value: Value
        do {
            value = try StrictDecoder(document, path: .root, use: use).decode(type)
        } catch let error as StrictJSONError {
            throw error
        } catch let error as DecodingError {
            throw StrictJSONError(error)
        } catch {
            throw StrictJSONError(.invalidValue, path: "", "\(error)")
        }
        if let unknown = use?.firstUnknown() { throw unknown }
        return value
    }

    /// The first field of an object that is not among `known`, as an error with the nearest known
    /// name; nil when every field is known or the value is not an object. For documents whose
    /// parts are decoded separately, such as a request's envelope and its arguments.
    public static func unknownField(in value: JSONValue, known: Set<String>) -> StrictJSONError? {
        guard case .object(let object) = value, let unknown = object.keys.first(where: { !known.contains($0) }) else { return nil }
        return FieldUse.unknown(unknown, at: unknown, known: known)
    }
}
