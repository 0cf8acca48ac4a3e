import ClientAPI
import ZeroMQ

/// A ROUTER socket standing in for a node's client endpoint (CURVE, one admitted key), and an
/// `APIClient` connected to it: the test plays the node, frame by frame.
final class FakeNode {
    let context: ZeroMQContext
    let authenticator: ZAPAuthenticator
    let server: ZeroMQSocket
    let client: APIClient

    init(domain: String) throws {
        context = try ZeroMQContext()
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()
        authenticator = ZAPAuthenticator(context: context, admittedKeys: [domain: [clientKeys.publicKey: "client"]])
        try authenticator.start()
        server = try ZeroMQSocket(context: context, type: .router)
        try server.configureCurveServer(secretKey: serverKeys.secretKey, zapDomain: domain)
        try server.bind("tcp://127.0.0.1:*")
        client = try APIClient(context: context, endpoint: try server.lastEndpoint(), serverKey: serverKeys.publicKey, keyPair: clientKeys)
    }

    func close() {
        client.close()
        server.close()
        authenticator.stop()
        context.close()
    }
}
