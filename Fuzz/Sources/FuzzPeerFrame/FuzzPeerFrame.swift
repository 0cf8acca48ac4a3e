import Consensus
import LibFuzzerDriver
import Wire

/// Bounds far below the defaults, so that short inputs also reach the refusals of long lists and
/// large transfers; anything accepted under them must decode the same under the defaults.
private let tightLimits: PeerFrame.Limits = {
    var limits = PeerFrame.Limits()
    limits.maxFrameBytes = 4_096
    limits.maxEntriesPerFrame = 4
    limits.maxMembers = 4
    limits.maxCommandsPerFrame = 4
    limits.maxAssembledBytes = 8_192
    return limits
}()

@main
enum FuzzPeerFrame {
    static func main() { LibFuzzer.run(fuzz) }
}

/// A frame as a peer sends it. Errors are the expected outcome for most inputs; a trap, a crash or
/// a hang is a bug, and so is a decoded frame that does not survive encode and decode unchanged:
/// the node re-encodes what it forwards and what it cuts into snapshot chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let decoded = Result { () throws(WireError) in try PeerFrame.decodeAny(bytes) }

    let tight = Result { () throws(WireError) in try PeerFrame.decodeAny(bytes, limits: tightLimits) }
    if case .success(let underTight) = tight, decoded != .success(underTight) {
        fatalError("accepted under tight limits as \(underTight) but not the same under the defaults: \(decoded)")
    }

    // decode and decodeAssembled differ from decodeAny only in refusing chunks and in the frame
    // limit, which no input of libFuzzer's -max_len reaches.
    let whole = Result { () throws(WireError) in try PeerFrame.decode(bytes) }
    let assembled = Result { () throws(WireError) in try PeerFrame.decodeAssembled(bytes) }
    if whole != assembled { fatalError("decode gave \(whole) but decodeAssembled gave \(assembled)") }

    switch decoded {
    case .failure:
        if case .success(let message) = whole { fatalError("decodeAny refused what decode took: \(message)") }
    case .success(.message(let message)):
        if whole != .success(message) { fatalError("decodeAny gave \(message) but decode gave \(whole)") }
        checkRoundTrip(message)
    case .success(.chunk(let chunk)):
        if case .success(let message) = whole { fatalError("decode took a chunk frame as \(message)") }
        checkRoundTrip(chunk)
    }
    return 0
}

private func checkRoundTrip(_ message: Message) {
    let encoded = PeerFrame.encode(message)
    let again = Result { () throws(WireError) in try PeerFrame.decode(encoded) }
    guard again == .success(message) else {
        fatalError("\(message) re-encoded as \(encoded) decodes as \(again)")
    }
    // Decoding normalises (booleans, memberships, an absent read index), so the second encoding,
    // not the input, is what the first must equal.
    let reencoded = PeerFrame.encode(message)
    guard reencoded == encoded else { fatalError("\(message) encodes differently twice: \(encoded) then \(reencoded)") }
    if case .installSnapshot = message.body { checkChunked(message, frame: encoded) }
}

/// A snapshot too large for one frame travels in chunks; joined in order they must give it back.
private func checkChunked(_ message: Message, frame: [UInt8]) {
    // About eight chunks whatever the size, so a large snapshot does not slow the run down.
    let chunkBytes = max(1, frame.count / 8)
    var joined: [UInt8] = []
    for chunkFrame in PeerFrame.encodeChunks(message, chunkBytes: chunkBytes, transferID: 7) {
        let decoded = Result { () throws(WireError) in try PeerFrame.decodeAny(chunkFrame) }
        guard case .success(.chunk(let chunk)) = decoded, chunk.offsetBytes == joined.count, chunk.totalBytes == frame.count
        else { fatalError("chunk frame \(chunkFrame) of \(message) decodes as \(decoded) at offset \(joined.count)") }
        joined += chunk.bytes
    }
    let reassembled = Result { () throws(WireError) in try PeerFrame.decodeAssembled(joined) }
    guard reassembled == .success(message) else { fatalError("\(message) joined from its chunks decodes as \(reassembled)") }
}

private func checkRoundTrip(_ chunk: SnapshotChunk) {
    let encoded = PeerFrame.encode(chunk)
    let again = Result { () throws(WireError) in try PeerFrame.decodeAny(encoded) }
    guard again == .success(.chunk(chunk)) else { fatalError("\(chunk) re-encoded as \(encoded) decodes as \(again)") }
}
