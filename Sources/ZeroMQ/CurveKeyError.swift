#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a CURVE key or key file was not accepted.
public enum CurveKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Z85 text of a 32-byte key is exactly 40 characters.
    case wrongLength(characters: Int)
    /// Not one of the 85 characters of the Z85 alphabet (zero-based position).
    case invalidCharacter(position: Int)
    /// A 5-character group encodes a value above 2^32 - 1, which no 4 bytes can produce.
    case groupOverflow(position: Int)
    /// The secret key does not derive the public key it was paired with.
    case mismatchedPair
    /// libzmq was built without CURVE (libsodium).
    case curveUnavailable
    case fileUnreadable(path: String, errno: Int32)
    /// Group or others may read or write the secret key file (`mode` is its permission bits).
    case secretKeyExposed(path: String, mode: UInt32)
    case fileUnwritable(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .wrongLength(let characters):
            "a CURVE key must be 40 characters of Z85 text, got \(characters)"
        case .invalidCharacter(let position):
            "a CURVE key must be Z85 text, character \(position + 1) is not in the Z85 alphabet"
        case .groupOverflow(let position):
            "a CURVE key's Z85 group at character \(position + 1) is out of range"
        case .mismatchedPair:
            "the CURVE secret key does not belong to the public key it is paired with"
        case .curveUnavailable:
            "libzmq was built without CURVE support"
        case .fileUnreadable(let path, let errno):
            "cannot read key file \(path): \(Self.reason(errno))"
        case .secretKeyExposed(let path, let mode):
            "secret key file \(path) has mode 0\(String(mode, radix: 8)): others than its owner may read it; "
                + "run `chmod 600 \(path)` (and make a new key pair if it may have leaked)"
        case .fileUnwritable(let path, let errno):
            "cannot write key file \(path): \(Self.reason(errno))"
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)) + " (errno \(code))"
    }
}
