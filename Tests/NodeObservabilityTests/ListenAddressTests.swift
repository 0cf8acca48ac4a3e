import Logging
import NodeObservability
import Testing

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:9100", "127.0.0.1", 9100),
        ("localhost:0", "localhost", 0),
        ("0.0.0.0:65535", "0.0.0.0", 65535),
        ("[::1]:9100", "::1", 9100),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address == ListenAddress(host: host, port: port))
        #expect(address.description == text)
    }

    @Test(arguments: [
        ("9100", "expected host:port"),
        (":9100", "the host is empty"),
        ("host:", "the port must be a number from 0 to 65535"),
        ("host:65536", "the port must be a number from 0 to 65535"),
        ("host:-1", "the port must be a number from 0 to 65535"),
        ("host:+80", "the port must be a number from 0 to 65535"),
        ("::1:9100", "an IPv6 host must be in brackets, as in [::1]:9100"),
        ("[::1:9100", "the IPv6 host has no closing ']'"),
        ("[::1]9100", "expected ':port' after ']'"),
        ("my host:80", "the host contains whitespace"),
    ])
    func rejects(text: String, problem: String) {
        #expect(throws: InvalidListenAddress(address: text, problem: problem)) {
            try ListenAddress(parsing: text)
        }
    }

    @Test func theServerRejectsABadAddressNamingIt() {
        let error = #expect(throws: InvalidListenAddress.self) {
            try ObservabilityServer(
                address: "localhost:http", metrics: NodeMetrics(), vitals: NodeVitals(.starting(nodeID: 1, center: "c")),
                logger: Logger(label: "test"))
        }
        #expect(error?.description.contains("\"localhost:http\"") == true)
    }
}
