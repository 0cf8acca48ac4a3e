import ClientAPI
import StrictJSON
import ZeroMQ

/// The node's client API socket: a CURVE ROUTER in its own ZAP domain. It receives requests with
/// their routing envelope and sends answers back along it; it never blocks.
final class ClientEndpoint {
    static let zapDomain = "interflow-clients"

    /// A request as received: where to send the answer, who sent it and its JSON body.
    struct Incoming {
        var envelope: [[UInt8]]
        var userID: String?
        var body: [UInt8]
        /// The body parsed, once, by the loop before it decodes the header and the arguments.
        var document: JSONValue = .null
        /// Set when the message had another shape than one request frame: it is refused with this.
        var shapeProblem: String? = nil

        /// What an answer needs: where to send it. A request waiting for its answer keeps only
        /// this, not its body and parsed document (up to `maxFrameBytes` each, for thousands of requests).
        var replyAddress: Incoming { Incoming(envelope: envelope, userID: userID, body: []) }
    }

    let socket: ZeroMQSocket
    let boundEndpoint: String
    /// Answers that could not be queued (the client went away, or stopped reading).
    private(set) var answersDropped: UInt64 = 0

    init(context: ZeroMQContext, endpoint: String, secretKey: CurveKey, maxFrameBytes: Int) throws(ZeroMQError) {
        let socket = try ZeroMQSocket(context: context, type: .router)
        do throws(ZeroMQError) {
            try socket.configureCurveServer(secretKey: secretKey, zapDomain: Self.zapDomain)
            // Up to twice the limit is read, so that an ordinary oversize gets a clear answer; beyond
            // that, libzmq cuts the sender's connection before we buffer more.
            try socket.setMaxMessageSize(bytes: Int64(maxFrameBytes) * 2 + ZeroMQSocket.curveFrameOverheadBytes)
            try socket.setReceiveHighWaterMark(messages: 10_000)
            try socket.setSendHighWaterMark(messages: 10_000)
            try socket.bind(endpoint)
            boundEndpoint = try socket.lastEndpoint()
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
    }

    func close() {
        socket.close()
    }

    /// At most `limit` requests that are already waiting; never blocks. A message without a body
    /// frame (only an envelope) is answered as a bad request by the caller, so it is returned too.
    func receive(limit: Int) throws(ZeroMQError) -> [Incoming] {
        var received: [Incoming] = []
        while received.count < limit, let message = try socket.tryReceive() {
            received.append(Self.incoming(message.frames, userID: message.userID))
        }
        return received
    }

    /// A request is one frame from a DEALER ([routing id, body]) or a REQ ([routing id, "", body]).
    /// Anything else gets an answer saying so, sent back the way it came, rather than having its
    /// first frames mistaken for an envelope and ignored.
    static func incoming(_ frames: [[UInt8]], userID: String?) -> Incoming {
        let isRequestEnvelope = frames.count >= 3 && frames[1].isEmpty
        if frames.count == 2 || (frames.count == 3 && isRequestEnvelope) {
            return Incoming(envelope: Array(frames.dropLast()), userID: userID, body: frames[frames.count - 1])
        }
        let envelope = isRequestEnvelope ? [frames[0], []] : Array(frames.prefix(1))
        let parts = frames.count - envelope.count
        return Incoming(
            envelope: envelope, userID: userID, body: [],
            shapeProblem: "a request is one frame (after a REQ socket's empty delimiter), not \(parts)")
    }

    func answer(_ incoming: Incoming, _ body: [UInt8]) {
        let sent = (try? socket.trySend(incoming.envelope + [body])) ?? false
        if !sent { answersDropped += 1 }
    }
}
