import CZeroMQ

/// One CURVE key (public or secret), kept as its 40-character Z85 text, which is also what libzmq's
/// socket options and the key files use. Constructed only from valid text, so sockets never see a bad key.
public struct CurveKey: Sendable, Hashable {
    public let z85: String

    static let alphabet = Array(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)
    private static let digitValues: [UInt8: UInt64] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt64($0)) })

    public init(z85 text: String) throws(CurveKeyError) {
        let characters = Array(text.utf8)
        if let nonASCII = text.firstIndex(where: { !$0.isASCII }) {
            throw .invalidCharacter(position: text.distance(from: text.startIndex, to: nonASCII))
        }
        guard characters.count == 40 else { throw .wrongLength(characters: characters.count) }
        // libzmq's own decoder does not report where text goes wrong, so check here for a clear error.
        for groupStart in stride(from: 0, to: 40, by: 5) {
            var value: UInt64 = 0
            for position in groupStart..<groupStart + 5 {
                guard let digit = Self.digitValues[characters[position]] else {
                    throw .invalidCharacter(position: position)
                }
                value = value * 85 + digit
            }
            guard value <= UInt64(UInt32.max) else { throw .groupOverflow(position: groupStart) }
        }
        z85 = text
    }

    /// From the 32 raw bytes of a key, as they arrive in a ZAP request.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, bytes, 32) != nil else { return nil }
        z85 = zmqText(text)
    }

    public var bytes: [UInt8] {
        var decoded = [UInt8](repeating: 0, count: 32)
        _ = zmq_z85_decode(&decoded, z85)
        return decoded
    }
}

extension CurveKey: CustomStringConvertible {
    public var description: String { z85 }
}

/// The text libzmq wrote into a NUL-terminated buffer.
func zmqText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
