import Foundation

/// The one JSON style for files people read and for `-o json`: indented, keys sorted, slashes as is.
public enum PrettyJSON {
    public static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Our Codable types hold strings, integers, booleans and finite numbers, which always encode.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    public static func string<Value: Encodable>(_ value: Value) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}
