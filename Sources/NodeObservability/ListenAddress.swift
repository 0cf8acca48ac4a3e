/// A "host:port" to listen on, checked before anything tries to bind it; IPv6 hosts go in brackets
/// ("[::1]:9100"). Port 0 asks the system for a free port.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(InvalidListenAddress) {
        func invalid(_ problem: String) -> InvalidListenAddress {
            InvalidListenAddress(address: text, problem: problem)
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("the IPv6 host has no closing ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid("expected ':port' after ']'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw invalid("expected host:port") }
            host = text[..<colon]
            guard !host.contains(":") else { throw invalid("an IPv6 host must be in brackets, as in [::1]:9100") }
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        guard !host.contains(where: \.isWhitespace) else { throw invalid("the host contains whitespace") }
        guard portText.allSatisfy(\.isASCIIDigit), let port = Int(portText), (0...65_535).contains(port) else {
            throw invalid("the port must be a number from 0 to 65535")
        }
        self.init(host: String(host), port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

public struct InvalidListenAddress: Error, Equatable, CustomStringConvertible {
    public var address: String
    public var problem: String

    public init(address: String, problem: String) {
        self.address = address
        self.problem = problem
    }

    public var description: String {
        "invalid listen address \"\(address)\": \(problem)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        ("0"..."9").contains(self)
    }
}
